// A server component: it calls the API with the server's fixed key while
// rendering, then hands the browser a client component that streams a run.
import { TavoraClient } from 'tavora-wasm';
import Chat from './chat';

export const dynamic = 'force-dynamic';

export default async function Page() {
  const client = new TavoraClient({ baseUrl: process.env.TAVORA_API, apiKey: process.env.TAVORA_KEY });
  const project = await client.getProject();
  return (
    <main>
      <h1>tavora-wasm in Next.js</h1>
      <p id="ssr">server rendered: project {project.name}</p>
      <Chat api={process.env.TAVORA_API} />
    </main>
  );
}
