import type { CompetencyType, DeliveryMode, JpSource, MaterialKind, MaterialProgressStatus } from '../gql/graphql';

/**
 * Every text the app shows, in Bahasa Indonesia (the default). en.ts must have every key (Messages).
 * Functions take numbers and names already formatted for the language. Names of the schema's enums
 * are typed by them: a value added to the schema fails the build until both languages name it.
 */
export const id = {
  appName: 'Pelita',
  tagline: 'Pelatihan dan pengembangan kompetensi ASN',
  skipToContent: 'Langsung ke isi',
  navHome: 'Beranda',
  navCatalogue: 'Katalog',
  navTeach: 'Mengajar',
  navAdmin: 'Administrasi',
  navMain: 'Menu utama',
  logout: 'Keluar',
  switchLanguage: 'English',
  switchLanguageLabel: 'Ganti bahasa ke bahasa Inggris',

  loginTitle: 'Masuk',
  loginIntro: 'Masuk dengan akun Pelita dari instansi Anda.',
  email: 'Email',
  password: 'Kata sandi',
  loginSubmit: 'Masuk',
  loggingIn: 'Sedang masuk…',
  wrongCredentials: 'Email atau kata sandi salah.',
  tooManyAttempts: 'Terlalu banyak percobaan. Coba lagi beberapa saat lagi.',
  sessionExpired: 'Sesi Anda telah berakhir. Silakan masuk lagi.',

  loading: 'Memuat…',
  offline: 'Tidak ada koneksi internet. Data akan dimuat saat koneksi kembali.',
  retry: 'Coba lagi',
  somethingWrong: 'Terjadi kesalahan. Coba lagi nanti.',

  myLearningTitle: 'Pembelajaran saya',
  greeting: (name: string) => `Selamat datang, ${name}`,
  jpHeading: (year: string) => `JP tahun ${year}`,
  jpProgress: (done: string, target: string) => `${done} dari ${target} JP`,
  jpProgressLabel: 'Capaian JP tahun ini',
  jpReached: 'Target JP tahun ini sudah tercapai.',
  jpRemaining: (left: string) => `Kurang ${left} JP lagi untuk mencapai target.`,
  inProgressHeading: 'Sedang dipelajari',
  noCourses: 'Anda belum mengikuti pelatihan. Pilih pelatihan di Katalog.',
  completedHeading: 'Selesai',
  percentDone: (percent: string) => `${percent}% selesai`,
  courseProgressLabel: (title: string) => `Kemajuan ${title}`,
  resumeAt: (material: string) => `Lanjutkan: ${material}`,
  allMaterialsDone: 'Semua materi wajib sudah selesai.',
  jpEntriesHeading: 'Riwayat JP',
  noJpEntries: 'Belum ada JP tercatat tahun ini.',
  jpAmount: (jp: string) => `${jp} JP`,
  jpSource: { COURSE: 'Pelatihan', SEMINAR: 'Seminar', CLASSROOM: 'Kelas tatap muka' } as Record<JpSource, string>,

  catalogueTitle: 'Katalog pelatihan',
  catalogueCount: (count: string) => `${count} pelatihan`,
  catalogueEmpty: 'Belum ada pelatihan yang terbit.',
  enrolled: 'Terdaftar',
  enroll: 'Ikuti pelatihan',
  enrollLabel: (title: string) => `Ikuti pelatihan ${title}`,
  enrolling: 'Mendaftar…',
  enrollFailed: 'Pendaftaran gagal. Coba lagi.',
  completed: 'Selesai',
  competency: { TEKNIS: 'Teknis', MANAJERIAL: 'Manajerial', SOSIAL_KULTURAL: 'Sosial kultural' } as Record<CompetencyType, string>,
  deliveryMode: { ONLINE: 'Daring', BLENDED: 'Campuran', CLASSROOM: 'Tatap muka' } as Record<DeliveryMode, string>,

  openCourse: 'Buka pelatihan',
  openCourseLabel: (title: string) => `Buka pelatihan ${title}`,

  courseTitle: 'Pelatihan',
  notEnrolled: 'Anda belum terdaftar di pelatihan ini. Daftar lewat Katalog.',
  staleData: 'Anda sedang luring: yang tampil adalah data dari kunjungan terakhir.',
  modulesHeading: 'Modul',
  moduleHeading: (position: string, title: string) => `Modul ${position}: ${title}`,
  moduleLocked: (prerequisite: string) => `Terkunci: selesaikan dulu modul “${prerequisite}”.`,
  locked: 'Terkunci',
  optional: 'Pilihan',
  minutes: (minutes: string) => `${minutes} menit`,
  materialKind: {
    VIDEO: 'Video',
    DOCUMENT: 'Dokumen',
    SLIDES: 'Slide',
    AUDIO: 'Audio',
    IMAGE: 'Gambar',
    TEXT: 'Bacaan',
    LINK: 'Tautan',
    QUIZ: 'Kuis',
    ASSIGNMENT: 'Tugas',
  } as Record<MaterialKind, string>,
  materialWaiting: 'Menunggu koneksi',
  materialStatus: { NOT_STARTED: 'Belum dimulai', IN_PROGRESS: 'Sedang dipelajari', COMPLETED: 'Selesai' } as Record<MaterialProgressStatus, string>,

  materialTitle: 'Materi',
  materialNotFound: 'Materi ini tidak ada di pelatihan ini.',
  materialLocked: 'Materi ini terkunci sampai modul sebelumnya selesai.',
  backToCourse: (title: string) => `Kembali ke ${title}`,
  previousMaterial: (title: string) => `Sebelumnya: ${title}`,
  nextMaterial: (title: string) => `Berikutnya: ${title}`,
  materialNav: 'Materi sebelumnya dan berikutnya',
  openFile: (name: string, size: string) => `Buka ${name} (${size})`,
  newTab: '(tab baru)',
  openLink: 'Buka tautan',
  noFile: 'Berkas materi ini belum tersedia.',
  notInApp: 'Materi ini belum dapat dikerjakan di aplikasi.',
  progressWaiting: (count: string) => `${count} kemajuan menunggu koneksi`,
  progressSaving: 'Menyimpan kemajuan…',
  progressSaved: 'Tersimpan',

  // ── Learner: quizzes, assignments, evaluation, certificate, seminars (keys added here) ──

  // ── Instructor area (/teach) ──
  teachTitle: 'Mengajar',

  // ── Administrator area (/admin) ──
  adminTitle: 'Administrasi',

  notFound: 'Halaman tidak ditemukan.',
  backHome: 'Kembali ke beranda',
};

type Widen<T> = T extends (...args: infer A) => string ? (...args: A) => string : T extends string ? string : T;
/** The shape every language must fill: the same keys, and functions taking the same arguments. */
export type Messages = { [K in keyof typeof id]: Widen<(typeof id)[K]> };
