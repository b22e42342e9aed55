import { ApiKey } from '../modules/api-key/api-key.entity';
import { LoginThrottle } from '../modules/auth/login-throttle.entity';
import { RefreshToken } from '../modules/auth/refresh-token.entity';
import { Organization } from '../modules/organization/organization.entity';
import { User } from '../modules/user/user.entity';

export const entities = [Organization, User, RefreshToken, LoginThrottle, ApiKey];
