// The signed-in app's entry (/dashboard/…): the shell; each page's module loads when it is opened.
import { PcApp } from './app-shell.ts';

customElements.define('pc-app', PcApp);
