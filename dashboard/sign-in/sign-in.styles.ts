import { css } from 'lit';

export const signInStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--bg);
  }
  main {
    max-width: 30rem;
    margin: 0 auto;
    padding: clamp(1rem, 8vh, 5rem) 1rem 2rem;
  }
  .brand {
    font-weight: 700;
    font-size: 1.125rem;
    margin-bottom: 1rem;
  }
  .nowrap {
    white-space: nowrap;
  }
  .logo {
    color: var(--accent);
  }
  .muted {
    color: var(--muted);
    font-weight: 400;
  }
  h1:focus {
    outline: none;
  }
  h3 {
    font-size: 1rem;
    margin: 0 0 0.25rem;
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
  }
  form button[type='submit'] {
    min-width: 8rem;
  }
  .foot {
    margin-top: 1.25rem;
  }
  .rules {
    list-style: none;
    padding: 0;
    margin: 0 0 1rem;
    font-size: 0.875rem;
    color: var(--muted);
  }
  .rules li.met {
    color: var(--success);
  }
  .why {
    background: var(--bg);
    border-radius: 10px;
    padding: 0.75rem 1rem;
    margin: 0 0 1rem;
    font-size: 0.9375rem;
  }
  .why h2 {
    margin: 0 0 0.25rem;
    font-size: 1rem;
  }
  .factors {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.75rem;
  }
  .factors li {
    border: 1px solid var(--border);
    border-radius: 10px;
    padding: 0.9rem 1rem;
  }
  .factors .hint {
    margin: 0 0 0.6rem;
  }
  .badge {
    font-size: 0.75rem;
    font-weight: 600;
    border-radius: 999px;
    padding: 0.05rem 0.55rem;
    border: 1px solid currentColor;
  }
  .badge.strong {
    color: var(--success);
  }
  .badge.restricted {
    color: var(--warn-text);
  }
  input.code {
    font-size: 1.5rem;
    letter-spacing: 0.4em;
    font-variant-numeric: tabular-nums;
    max-width: 12rem;
    text-align: center;
  }
  .qr {
    width: 200px;
    height: 200px;
    margin: 0 auto 1rem;
    background: #fff;
    padding: 8px;
    border-radius: 8px;
  }
  .qr svg {
    width: 100%;
    height: 100%;
  }
  .codes {
    columns: 2;
    padding-left: 1.5rem;
    margin: 0 0 1rem;
  }
  .alternatives {
    list-style: none;
    padding: 0;
    margin: 1rem 0 0;
    display: grid;
    gap: 0.6rem;
    justify-items: start;
  }
`;
