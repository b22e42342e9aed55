import { render } from 'preact';
import { App } from './app';

render(<App />, document.getElementById('app')!);

// The shell (HTML, JS, CSS, icons) is kept by the service worker so the app opens offline.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No worker (an old browser, or a non-secure origin other than localhost): the app still works online.
    });
  });
}
