import { render } from 'preact';
import { App } from './App.js';
import './app.css';

const root = document.getElementById('root');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
