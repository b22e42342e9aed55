import { ArrayMaxSize, IsOptional } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { ConnectionArgs, MAX_PAGE_SIZE } from '../../graphql/connection';

@ArgsType()
export class NotificationsArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only those not read yet.' })
  @IsOptional()
  unreadOnly?: boolean;
}

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID], { nullable: true, description: `At most ${MAX_PAGE_SIZE} (a page); omitted: all of the caller's notifications.` })
  @IsOptional()
  @ArrayMaxSize(MAX_PAGE_SIZE)
  ids?: string[] | null;
}
