// Prerendered at build time: the client component constructs its client
// during the prerender too, which must neither throw nor leave a rejection.
import Chat from '../chat';

export const dynamic = 'force-static';

export default function Prerendered() {
  return (
    <main>
      <p id="prerendered">prerendered</p>
      <Chat api="http://127.0.0.1:9" />
    </main>
  );
}
