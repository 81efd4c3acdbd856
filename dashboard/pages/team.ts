import { PcUsersPanel } from '../shell/users-panel.ts';

/** Team: an owner invites people to the own business with a role; the temporary password is shown once. */
export class PcTeamPage extends PcUsersPanel {}

if (!customElements.get('pc-team-page')) customElements.define('pc-team-page', PcTeamPage);
