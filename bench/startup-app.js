// Stands for the app's own module, loaded before the app imports the SDK:
// a fresh browser context's first fetched module pays a one-off set-up
// that is the browser's, not the SDK's.
export const app = 'loaded';
