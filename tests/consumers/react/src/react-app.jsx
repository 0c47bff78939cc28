// useAgentChat under StrictMode: the whole chat state comes from the hook.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useAgentChat } from 'tavora-wasm/react';
import { client, initialSession, rememberSession, useMountCount, AnswerForm, Composer } from './shared.jsx';

function Part({ part }) {
  switch (part.type) {
    case 'text':
      return <p className="text">{part.text}</p>;
    case 'tool':
      return (
        <p className="tool" data-state={part.state}>
          {part.tool}: {part.state}
        </p>
      );
    case 'code':
      return (
        <p className="code" data-state={part.state}>
          code: {part.state}
        </p>
      );
    case 'activity':
      return <p className="activity">{part.summary}</p>;
    case 'input':
      return (
        <p className="input" data-state={part.state}>
          {part.message} [{part.state}
          {part.state === 'answered' ? `: ${JSON.stringify(part.value)}` : ''}]
        </p>
      );
    case 'error':
      return <p className="error">{part.message}</p>;
    case 'summary':
      return <p className="summary">steps: {part.steps}</p>;
    default:
      return <p className="other">{part.type}</p>;
  }
}

function Chat() {
  const { messages, status, error, pendingInput, sessionId, send, stop, respond } = useAgentChat({
    client,
    sessionId: initialSession,
    createSession: { title: 'React chat' },
  });
  useEffect(() => rememberSession(sessionId), [sessionId]);
  useMountCount();
  return (
    <main>
      <p id="status" data-status={status}>
        {status}
      </p>
      <ol id="messages">
        {messages.map((m) => (
          <li key={m.id} data-role={m.role}>
            {m.parts.map((p, i) => (
              <Part key={i} part={p} />
            ))}
          </li>
        ))}
      </ol>
      {pendingInput && <AnswerForm request={pendingInput} respond={respond} />}
      {error && <pre id="error">{`${error.code}: ${error.message}`}</pre>}
      <Composer onSend={(text) => send(text).catch(() => {})} onStop={stop} busy={status !== 'ready' && status !== 'error'} />
    </main>
  );
}

// "Close chat" unmounts the chat component (its stream must be aborted).
function App() {
  const [open, setOpen] = useState(true);
  return (
    <>
      <button id="close" onClick={() => setOpen(false)}>
        Close chat
      </button>
      {open ? <Chat /> : <p id="closed">closed</p>}
    </>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
