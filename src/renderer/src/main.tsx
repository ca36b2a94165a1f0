// First: the start's calls go out before the rest of the script is evaluated.
import './api/early-calls';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startApp } from './app/start';
import { App } from './components/App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The start's calls went out first (early-calls.ts); the first render waits for their answers,
// so it shows the History at once instead of an empty page followed by a second render.
void startApp().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
