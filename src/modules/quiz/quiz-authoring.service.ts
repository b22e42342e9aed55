import { randomUUID } from 'node:crypto';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, badInput, conflict, notFound } from '../../errors';
import { MaterialKind } from '../material/material.entity';
import { materialForAuthoring } from '../material/material.service';
import { Quiz, QuizPurpose, QuizQuestion } from './quiz.entity';
import type { QuizInput } from './quiz.inputs';
import { checkQuiz } from './quiz.rules';
import { lockParent } from '../../db/ordering';

/**
 * Replaces a QUIZ material's settings and questions in one transaction. Attempts keep the ids of
 * the questions they were started with; authoring only happens while the course is a DRAFT, so
 * no learner is taking the quiz meanwhile.
 */
export async function setQuiz(ctx: Context, materialId: string, input: QuizInput): Promise<Quiz> {
  const material = await materialForAuthoring(ctx, materialId);
  if (material.kind !== MaterialKind.QUIZ) throw badField('materialId', 'Only QUIZ materials have a quiz');
  const { problems, questions } = checkQuiz(input, randomUUID);
  if (problems.length) throw badInput(problems);
  const module = await ctx.loaders.moduleById.load(material.module.id);
  if (!module) throw notFound('Material');
  const courseId = module.course.id;

  return inTransaction(ctx, async (tx) => {
    // The course row serialises authors, so two quizzes cannot both become its PRE_TEST at once.
    await lockParent(tx.em, 'courses', courseId);
    if (input.purpose !== QuizPurpose.PRACTICE) {
      // raw SQL: ids only, over a three-table join, inside the course lock
      const taken = await tx.em.execute<{ material_id: string }[]>(
        `SELECT q.material_id FROM quizzes q
           JOIN materials m ON m.id = q.material_id
           JOIN course_modules cm ON cm.id = m.module_id
          WHERE cm.course_id = ? AND q.purpose = ? AND q.material_id <> ?`,
        [courseId, input.purpose, material.id],
      );
      if (taken.length) throw conflict(`This course already has a ${input.purpose}`, 'purpose');
    }
    const quiz = (await tx.em.findOne(Quiz, { material: material.id })) ?? tx.em.create(Quiz, { material: material.id });
    quiz.purpose = input.purpose;
    quiz.passMark = input.passMark;
    // null (not undefined) so the flush clears a previous limit.
    quiz.maxAttempts = (input.maxAttempts ?? null) as number | undefined;
    quiz.timeLimitSeconds = (input.timeLimitSeconds ?? null) as number | undefined;
    quiz.scorePolicy = input.scorePolicy;
    await tx.em.nativeDelete(QuizQuestion, { quiz: material.id });
    questions.forEach((question, index) => tx.em.create(QuizQuestion, { quiz, position: index + 1, ...question }));
    await tx.em.flush();
    return quiz;
  });
}
