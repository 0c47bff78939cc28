// What a Vite user writes: import the SDK, no plugin, no init call.
import { TavoraClient, TavoraApiError, createAgentChat } from 'tavora-wasm'

const WORKSPACE = '11111111-1111-4111-8111-111111111111'
const api = new URLSearchParams(location.search).get('api') ?? location.origin

const app = document.querySelector<HTMLDivElement>('#app')!
app.innerHTML = `
  <h1>tavora-wasm + Vite</h1>
  <p id="status">starting</p>
  <div id="response"></div>
  <div id="chat"></div>
  <pre id="error"></pre>
`
const status = app.querySelector<HTMLParagraphElement>('#status')!
const response = app.querySelector<HTMLDivElement>('#response')!

async function signIn(): Promise<string> {
  const res = await fetch(`${api}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  })
  const body: { jwt: string } = await res.json()
  return body.jwt
}

async function main(): Promise<void> {
  const jwt = await signIn()
  const client = new TavoraClient({
    baseUrl: api,
    workspaceId: WORKSPACE,
    getJwt: () => jwt,
    storage: 'memory',
  })
  const session = await client.createAgentSession({ title: 'Vite consumer' })
  status.textContent = `running ${session.id}`
  const summary = await client.runAgent(session.id, 'hello from vite', (name: string, payload) => {
    status.textContent = `event ${name}`
    if (payload.type === 'response' && typeof payload.content === 'string') {
      response.textContent = payload.content
    }
  })
  status.textContent = `done: ${summary.steps} steps`

  // The chat store (its module is loaded now, as a chunk of its own): the
  // history of the run above, then one more message.
  const chat = createAgentChat(client, { sessionId: session.id })
  await chat.load()
  await chat.send('hello again from the store')
  const { messages, status: chatStatus } = chat.getSnapshot()
  const texts = messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? [`${m.role}: ${p.text}`] : [])))
  app.querySelector('#chat')!.textContent = `${chatStatus} | ${texts.join(' | ')}`
  chat.dispose()
  document.body.dataset.state = 'done'
}

main().catch((e: unknown) => {
  const text = e instanceof TavoraApiError ? `${e.kind} ${e.code}: ${e.message}` : String(e)
  app.querySelector('#error')!.textContent = text
  document.body.dataset.state = 'error'
})
