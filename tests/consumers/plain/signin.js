// The dev server's sign-in: a user's JWT, as an app's auth would give it
// (index.html, worker.js and csp.js share it).
export async function signIn(api) {
  const res = await fetch(`${api}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  return (await res.json()).jwt;
}
