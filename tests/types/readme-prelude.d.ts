// What the READMEs' snippets take as given: the app's client, session and
// auth, and the app's own functions (readme-snippets.mjs compiles them).
import type { TavoraClient, AgentPayload, JsonValue } from 'tavora-wasm';

declare global {
  const tavora: TavoraClient;
  const session: { id: string };
  const id: string;
  const message: string;
  const response: Response;
  const stopButton: HTMLButtonElement;
  const auth: { currentJwt(): string | null; signInAgain(): void };
  const process: { env: Record<string, string | undefined> };
  function onEvent(name: string, payload: AgentPayload): void;
  function showProgress(summary: string | undefined): void;
  function showAnswer(text: string): void;
  function showOffline(): void;
  function signIn(): void;
  function retryFrom(version: number): void;
  function handle(event: string, data: string, id: string): void;
  function askUser(inputType: string, message: string, options: readonly string[]): Promise<JsonValue>;
}
