import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startApp } from './app/start';
import { App } from './components/App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Data is asked for before the first render, not after it: the History's first page is on its
// way while React builds the page (stores fill, components subscribe; nothing waits on React).
startApp();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
