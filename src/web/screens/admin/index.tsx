import { lazyScreen } from '../lazy';

/**
 * The administrator's area (`/admin/…`, BKPSDM): course approvals, enrolments, the agency JP
 * report and partners. `rest` is the path below `/admin`; the area routes its own screens.
 * Its code is a chunk of its own, loaded when an administrator opens it.
 */
export const AdminArea = lazyScreen(() => import('./area').then((area) => area.AdminAreaScreens));
