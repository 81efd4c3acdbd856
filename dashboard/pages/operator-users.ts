import { PcUsersPanel } from '../shell/users-panel.ts';

/** Operator console: create a merchant user for any business (the temporary password shown once), and list a business's users. */
export class PcOperatorUsersPage extends PcUsersPanel {
  constructor() {
    super();
    this.operator = true;
  }
}

if (!customElements.get('pc-operator-users-page')) customElements.define('pc-operator-users-page', PcOperatorUsersPage);
