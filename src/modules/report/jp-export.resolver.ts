import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Organization } from '../organization/organization.entity';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { JpExport } from './jp-export.entity';
import { DOWNLOAD_SECONDS, findJpExport, jpExportDownloadUrl, jpExportFilename, requestJpExport } from './jp-export.service';

@Resolver(() => JpExport)
export class JpExportResolver {
  @Authorized(Role.ADMIN, Role.AGENCY_HEAD)
  @Mutation(() => JpExport, {
    description:
      'Queues a CSV of the agency’s (and its sub-agencies’) JP records for a year, shaped like SIASN’s riwayat pelatihan: ' +
      'NIP, Nama, Nama Pelatihan, Jenis Pelatihan, Tanggal Mulai, Tanggal Selesai (DD-MM-YYYY), JP, Nomor Sertifikat, Penyelenggara. ' +
      'Admins and the agency’s heads; poll jpExport until READY.',
  })
  requestJpExport(@Ctx() ctx: Context, @Arg('organizationId', () => ID) organizationId: string, @Arg('year', () => Int, { nullable: true }) year?: number) {
    return requestJpExport(ctx, organizationId, year);
  }

  @Authorized()
  @Query(() => JpExport, { description: 'An export: its requester, admins and the agency’s heads.' })
  jpExport(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return findJpExport(ctx, id);
  }

  @FieldResolver(() => Organization)
  organization(@Root() job: JpExport, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(job.organization.id);
  }

  @FieldResolver(() => User)
  requestedBy(@Root() job: JpExport, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(job.requestedBy.id);
  }

  @FieldResolver(() => String, { description: 'For example riwayat-pelatihan-dinas-kesehatan-kota-sibolga-2026.csv.' })
  filename(@Root() job: JpExport, @Ctx() ctx: Context) {
    return jpExportFilename(ctx, job);
  }

  @FieldResolver(() => String, { nullable: true, description: `Presigned GET of the CSV (UTF-8 with BOM), valid ${DOWNLOAD_SECONDS / 60} minutes; null until READY.` })
  downloadUrl(@Root() job: JpExport, @Ctx() ctx: Context) {
    return jpExportDownloadUrl(ctx, job);
  }
}
