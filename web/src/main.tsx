import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@utrecht/component-library-css/dist/index.css';
import '@utrecht/design-tokens/dist/index.css';
import './stijl.css';
import { App } from './App.tsx';
import { Pauzeknop } from './schermen/pauzeknop/Pauzeknop.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* The residents' Pauzeknop is a public page of its own: no staff login, its own session. */}
    {location.pathname.replace(/\/+$/, '') === '/pauzeknop' ? <Pauzeknop /> : <App />}
  </StrictMode>,
);
