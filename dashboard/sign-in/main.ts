// The sign-in flow's entry (/dashboard/sign-in): small on purpose; the app loads only once signed in.
import { PcSignIn } from './sign-in-flow.ts';

customElements.define('pc-sign-in', PcSignIn);
