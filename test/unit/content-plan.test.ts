import { movesFor } from '../../src/content/plan';
import { planCourse, type RemoteCourse } from '../../src/content/plan-course';
import type { CourseItem } from '../../src/content/model';

const item = (): CourseItem => ({
  kind: 'course',
  folder: '/tmp/x',
  manifest: 'x/course.yaml',
  code: 'UJI-01',
  title: 'Kursus',
  summary: '',
  description: '',
  competency: 'TEKNIS',
  jp: 2,
  deliveryMode: 'ONLINE',
  language: 'id',
  tags: [],
  modules: [
    { title: 'B', summary: '', estimatedMinutes: null, prerequisite: null, materials: [{ title: 'Teks baru', kind: 'TEXT', required: true, estimatedMinutes: null, body: 'isi' }] },
    { title: 'A', summary: '', estimatedMinutes: null, prerequisite: 'B', materials: [] },
  ],
});

const remote = (status = 'DRAFT'): RemoteCourse => ({
  id: 'c1',
  code: 'UJI-01',
  title: 'Kursus',
  summary: '',
  description: '',
  competency: 'TEKNIS',
  jp: 2,
  deliveryMode: 'ONLINE',
  language: 'id',
  tags: [],
  status,
  coverSha256: null,
  organization: { id: 'o1', name: 'Universitas' },
  modules: [
    { id: 'm1', title: 'A', summary: '', estimatedMinutes: null, prerequisite: null, materials: [] },
    { id: 'm2', title: 'B', summary: '', estimatedMinutes: null, prerequisite: null, materials: [
      { id: 'x1', title: 'Teks lama', kind: 'TEXT', required: true, estimatedMinutes: null, body: 'isi', url: null, currentVersion: null, quiz: null },
    ] },
    { id: 'm3', title: 'C', summary: '', estimatedMinutes: null, prerequisite: null, materials: [] },
  ],
});

describe('content plans', () => {
  it('moves keys into the target order with the fewest obvious moves', () => {
    expect(movesFor(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([]);
    expect(movesFor(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual([{ key: 'c', position: 1 }]);
    expect(movesFor(['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a'])).toEqual([
      { key: 'd', position: 1 },
      { key: 'c', position: 2 },
      { key: 'b', position: 3 },
    ]);
  });

  it('removes what is gone, treats a rename as remove and add, reorders, and submits', () => {
    const { plan, problems } = planCourse(item(), remote(), { admin: false, organizationId: 'o1' });
    expect(problems).toEqual([]);
    expect(plan?.outcome).toBe('updated');
    expect(plan?.steps.map((step) => step.label)).toEqual([
      'remove module "C"',
      'update module "A"',
      'move module "B" to position 1',
      'remove material "B" / "Teks lama"',
      'add TEXT material "B" / "Teks baru"',
      'submit course for review',
    ]);
  });

  it('stops a non-admin before changing a published course, and lets an admin return it to draft', () => {
    expect(planCourse(item(), remote('PUBLISHED'), { admin: false, organizationId: 'o1' }).problems).toEqual([
      expect.stringMatching(/course UJI-01 \(x\/course\.yaml\): the course is PUBLISHED and its content differs; only a DRAFT can change/),
    ]);
    const admin = planCourse(item(), remote('PUBLISHED'), { admin: true, organizationId: 'o1' }).plan;
    expect(admin?.steps[0].label).toBe('return course to draft (admin)');
    expect(admin?.steps.at(-1)?.label).toBe('publish course (admin)');
  });

  it('finishes the workflow of an unchanged course: a DRAFT is submitted, an admin publishes one IN_REVIEW, nothing else moves', () => {
    const same = (status: string): RemoteCourse => ({
      ...remote(status),
      modules: [
        { id: 'm2', title: 'B', summary: '', estimatedMinutes: null, prerequisite: null, materials: [
          { id: 'x2', title: 'Teks baru', kind: 'TEXT', required: true, estimatedMinutes: null, body: 'isi', url: null, currentVersion: null, quiz: null },
        ] },
        { id: 'm1', title: 'A', summary: '', estimatedMinutes: null, prerequisite: { id: 'm2', title: 'B' }, materials: [] },
      ],
    });
    const labels = (status: string, admin: boolean) => planCourse(item(), same(status), { admin, organizationId: 'o1' }).plan?.steps.map((step) => step.label);
    expect(labels('DRAFT', false)).toEqual(['submit course for review']);
    expect(labels('DRAFT', true)).toEqual(['submit course for review', 'publish course (admin)']);
    expect(labels('IN_REVIEW', false)).toEqual([]);
    expect(labels('IN_REVIEW', true)).toEqual(['publish course (admin)']);
    expect(labels('PUBLISHED', true)).toEqual([]);
    expect(labels('ARCHIVED', true)).toEqual([]);
    expect(planCourse(item(), same('PUBLISHED'), { admin: false, organizationId: 'o1' }).plan?.outcome).toBe('unchanged');
  });

  it('refuses a code that belongs to another organization’s course', () => {
    expect(planCourse(item(), remote(), { admin: false, organizationId: 'o2' }).problems).toEqual([
      expect.stringMatching(/the code belongs to a course of Universitas/),
    ]);
  });
});
