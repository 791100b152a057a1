/** Entry point of the staff dashboard. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { unlockAudioOnGesture } from './features/inbox/alert-sound.ts';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  unlockAudioOnGesture();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
