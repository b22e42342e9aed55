/**
 * Who the demo holds: the organisations a Sibolga deployment starts with and one person for every
 * role, so a newcomer can try each side of Pelita. Names are fictional.
 */

export type DemoOrganizationKey = 'bkpsdm' | 'dukcapil' | 'dinkes' | 'puskesmas' | 'university';

export interface DemoOrganization {
  key: DemoOrganizationKey;
  name: string;
  kind: 'AGENCY' | 'UNIVERSITY' | 'NGO' | 'TRAINING_CENTER';
  parent?: DemoOrganizationKey;
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  { key: 'bkpsdm', name: 'BKPSDM Kota Sibolga', kind: 'TRAINING_CENTER' },
  { key: 'dukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil Kota Sibolga', kind: 'AGENCY' },
  { key: 'dinkes', name: 'Dinas Kesehatan Kota Sibolga', kind: 'AGENCY' },
  { key: 'puskesmas', name: 'UPTD Puskesmas Sibolga Kota', kind: 'AGENCY', parent: 'dinkes' },
  { key: 'university', name: 'Universitas Sibolga Raya', kind: 'UNIVERSITY' },
];

export type DemoRole = 'ADMIN' | 'INSTRUCTOR' | 'LEARNER' | 'PARTNER' | 'AGENCY_HEAD';

export interface DemoPerson {
  /** What the person is for in the demo, printed next to the credentials. */
  label: string;
  name: string;
  email: string;
  organization: DemoOrganizationKey;
  roles: DemoRole[];
  nip?: string;
  position?: string;
}

const DOMAIN = 'demo.pelita.id';

/** The administrator is created directly in the database; everyone else through the API. */
export const DEMO_ADMIN: DemoPerson = {
  label: 'Administrator (BKPSDM)',
  name: 'Admin BKPSDM Sibolga',
  email: `admin@${DOMAIN}`,
  organization: 'bkpsdm',
  roles: ['ADMIN'],
};

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    label: 'Widyaiswara (authors the courses)',
    name: 'Drs. Hotman Simanjuntak, M.Si.',
    email: `widyaiswara@${DOMAIN}`,
    organization: 'bkpsdm',
    roles: ['INSTRUCTOR'],
    position: 'Widyaiswara Ahli Madya',
  },
  {
    label: 'Fasilitator',
    name: 'Rosmawati Tanjung, S.Sos., M.AP.',
    email: `fasilitator@${DOMAIN}`,
    organization: 'bkpsdm',
    roles: ['INSTRUCTOR'],
    position: 'Fasilitator Pelatihan',
  },
  {
    label: 'Kepala Disdukcapil (agency reports)',
    name: 'Ir. Marulak Hutabarat, M.M.',
    email: `kadis.dukcapil@${DOMAIN}`,
    organization: 'dukcapil',
    roles: ['AGENCY_HEAD', 'LEARNER'],
    nip: '197203151998031004',
    position: 'Kepala Dinas',
  },
  {
    label: 'Learner, Disdukcapil',
    name: 'Siti Aisyah Pohan',
    email: `siti.pohan@${DOMAIN}`,
    organization: 'dukcapil',
    roles: ['LEARNER'],
    nip: '199004122015032002',
    position: 'Pengadministrasi Kependudukan',
  },
  {
    label: 'Learner, Disdukcapil',
    name: 'Rudi Hartono Sitompul',
    email: `rudi.sitompul@${DOMAIN}`,
    organization: 'dukcapil',
    roles: ['LEARNER'],
    nip: '198807232014021001',
    position: 'Operator SIAK',
  },
  {
    label: 'Kepala Dinas Kesehatan (agency reports)',
    name: 'dr. Lamhot Sinaga, M.Kes.',
    email: `kadis.kesehatan@${DOMAIN}`,
    organization: 'dinkes',
    roles: ['AGENCY_HEAD', 'LEARNER'],
    nip: '197011052000121003',
    position: 'Kepala Dinas',
  },
  {
    label: 'Learner, Dinas Kesehatan',
    name: 'dr. Maria Lumbantobing',
    email: `maria.lumbantobing@${DOMAIN}`,
    organization: 'dinkes',
    roles: ['LEARNER'],
    nip: '199206182019032005',
    position: 'Dokter Ahli Pertama',
  },
  {
    label: 'Learner, Puskesmas (Dinas Kesehatan)',
    name: 'Nurhalimah Batubara, A.Md.Kep.',
    email: `nurhalimah.batubara@${DOMAIN}`,
    organization: 'puskesmas',
    roles: ['LEARNER'],
    nip: '199509302020122006',
    position: 'Perawat Terampil',
  },
  {
    label: 'Partner staff, Universitas Sibolga Raya',
    name: 'Dr. Ahmad Rivai Pasaribu',
    email: `mitra@${DOMAIN}`,
    organization: 'university',
    roles: ['PARTNER'],
    position: 'Kepala Pusat Studi Kebijakan Publik',
  },
];

export const DEMO_API_KEY_NAME = 'Sistem Informasi Seminar Universitas Sibolga Raya';
