import { InvitationEntity } from './invitation.entity';
import { LoginThrottleEntity } from './login-throttle.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserTokenEntity } from './user-token.entity';

/** The accounts part's tables (migration 1796100000000-Accounts); the users table is core. */
export const ACCOUNTS_ENTITIES = [RefreshTokenEntity, UserTokenEntity, InvitationEntity, LoginThrottleEntity];
