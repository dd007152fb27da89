import { Body, Controller, Get, Header, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { ErrorCode, TokenPairSchema, UserProfileSchema, type Actor, type TokenPair, type UserProfile } from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { CurrentActor, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { ApiError, unwrap } from '../http/http-errors';
import { ZodPipe } from '../http/zod-query';
import { AUTH_THROTTLE, jsonSchema, LoginBody, PasswordResetBody, PasswordResetConfirmBody, RefreshBody, RegisterBody, VerifyEmailBody } from './accounts-http';
import { clearedRefreshCookie, cookieSecure, readRefreshCookie, refreshCookie, TOKEN_DELIVERY_HEADER, wantsBodyDelivery } from './refresh-cookie';

export const REGISTERED_MESSAGE =
  'Tack! Om adressen kan registreras har vi skickat ett e-postmeddelande med en länk för att bekräfta den. Du kan logga in direkt.';
export const RESET_REQUESTED_MESSAGE = 'Om adressen finns hos oss har vi skickat en länk för att återställa lösenordet. Länken gäller i en timme.';
const SESSION_MISSING = 'Du behöver logga in igen.';

/** What login and refresh answer: the refresh token travels in the cookie unless the client asked for the body. */
export interface SessionResponse {
  accessToken: string;
  accessTokenExpiresAt: string;
  user: UserProfile;
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
}

/** Login and refresh answers; the refresh fields only with `X-Token-Delivery: body`. */
const SESSION_SCHEMA = jsonSchema(TokenPairSchema.partial({ refreshToken: true, refreshTokenExpiresAt: true }));

/** The client's address and user agent, stored with the refresh token (never logged with it). */
const clientInfo = (req: Request): { ip?: string; userAgent?: string } => {
  const ua = req.get('user-agent');
  return { ...(req.ip ? { ip: req.ip.slice(0, 100) } : {}), ...(ua ? { userAgent: ua.slice(0, 500) } : {}) };
};

/**
 * Registration, login and the session. The access token is returned in the
 * body (kept in memory by the web app); the refresh token is an HttpOnly,
 * SameSite=Strict cookie scoped to /api/v1/auth, or — for API clients that
 * send `X-Token-Delivery: body` — a body field.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly secure = cookieSecure();

  constructor(private readonly rpc: RpcClient) {}

  @Post('register')
  @HttpCode(202)
  @Throttle(AUTH_THROTTLE)
  @ApiOperation({ summary: 'Registrera ett konto (svaret är detsamma oavsett om adressen redan finns)' })
  @ApiBody({ schema: jsonSchema(RegisterBody, 'input') })
  @ApiResponse({ status: 202, description: 'Mottaget; en verifieringslänk skickas med e-post' })
  @ApiResponse({ status: 400, description: 'Ogiltiga fält' })
  @ApiResponse({ status: 429, description: 'För många försök' })
  async register(@Body(new ZodPipe(RegisterBody)) body: z.output<typeof RegisterBody>, @Req() req: Request): Promise<{ message: string }> {
    unwrap(await this.rpc.call('compliance-workflow', 'auth.register', { ...body, ...clientInfo(req) }, { timeoutMs: 15_000 }));
    return { message: REGISTERED_MESSAGE };
  }

  @Post('login')
  @HttpCode(200)
  @Throttle(AUTH_THROTTLE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Logga in; åtkomsttoken i svaret, förnyelsetoken i en HttpOnly-cookie' })
  @ApiHeader({ name: 'X-Token-Delivery', required: false, description: '`body`: förnyelsetoken i svaret i stället för i cookie (API-klienter)' })
  @ApiBody({ schema: jsonSchema(LoginBody, 'input') })
  @ApiResponse({ status: 200, schema: SESSION_SCHEMA })
  @ApiResponse({ status: 401, description: 'Fel e-postadress eller lösenord' })
  @ApiResponse({ status: 429, description: 'Adressen är tillfälligt spärrad (details.retryAfterSeconds) eller för många försök' })
  async login(@Body(new ZodPipe(LoginBody)) body: z.output<typeof LoginBody>, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const result = await this.rpc.call('compliance-workflow', 'auth.login', { ...body, ...clientInfo(req) }, { timeoutMs: 15_000 });
    if (!result.ok && result.code === ErrorCode.RATE_LIMITED) {
      const retry = (result.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
    }
    return this.session(unwrap(result), req, res);
  }

  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Förnya sessionen med förnyelsetoken (cookie, eller body med X-Token-Delivery: body); token roteras' })
  @ApiHeader({ name: 'X-Token-Delivery', required: false, description: '`body`: förnyelsetoken läses från och skickas i body' })
  @ApiBody({ required: false, schema: jsonSchema(RefreshBody, 'input') })
  @ApiResponse({ status: 200, schema: SESSION_SCHEMA })
  @ApiResponse({ status: 401, description: 'Ingen giltig förnyelsetoken (utgången, återkallad eller återanvänd)' })
  async refresh(@Body(new ZodPipe(RefreshBody)) body: z.output<typeof RefreshBody>, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const token = this.presentedToken(body, req);
    if (!token) {
      res.append('Set-Cookie', clearedRefreshCookie(this.secure));
      throw new ApiError({ ok: false, code: ErrorCode.UNAUTHENTICATED, message: SESSION_MISSING });
    }
    const result = await this.rpc.call('compliance-workflow', 'auth.refresh', { refreshToken: token, ...clientInfo(req) });
    if (!result.ok && result.code === ErrorCode.UNAUTHENTICATED) res.append('Set-Cookie', clearedRefreshCookie(this.secure));
    return this.session(unwrap(result), req, res);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Logga ut: hela sessionens tokenfamilj återkallas och cookien tas bort' })
  @ApiBody({ required: false, schema: jsonSchema(RefreshBody, 'input') })
  @ApiResponse({ status: 204, description: 'Utloggad (även om sessionen redan var slut)' })
  async logout(@Body(new ZodPipe(RefreshBody)) body: z.output<typeof RefreshBody>, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = this.presentedToken(body, req);
    res.append('Set-Cookie', clearedRefreshCookie(this.secure));
    if (token) unwrap(await this.rpc.call('compliance-workflow', 'auth.logout', { refreshToken: token }));
  }

  @Get('me')
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Den inloggade användaren med arbetsytor och roller' })
  @ApiResponse({ status: 200, schema: jsonSchema(UserProfileSchema) })
  @ApiResponse({ status: 401, description: 'Ingen giltig åtkomsttoken' })
  async me(@CurrentActor() actor: Actor): Promise<UserProfile> {
    return unwrap(await this.rpc.call('compliance-workflow', 'auth.me', { actor }));
  }

  @Post('verify-email')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bekräfta e-postadressen med länkens token' })
  @ApiBody({ schema: jsonSchema(VerifyEmailBody, 'input') })
  @ApiResponse({ status: 200, description: '{ verified: true }' })
  @ApiResponse({ status: 400, description: 'Länken är ogiltig, använd eller utgången' })
  async verifyEmail(@Body(new ZodPipe(VerifyEmailBody)) body: z.output<typeof VerifyEmailBody>): Promise<{ verified: true }> {
    return unwrap(await this.rpc.call('compliance-workflow', 'auth.verify-email', body));
  }

  @Post('password-reset')
  @HttpCode(202)
  @Throttle(AUTH_THROTTLE)
  @ApiOperation({ summary: 'Begär en länk för att återställa lösenordet (svaret är detsamma för okända adresser)' })
  @ApiBody({ schema: jsonSchema(PasswordResetBody, 'input') })
  @ApiResponse({ status: 202, description: 'Mottaget' })
  @ApiResponse({ status: 429, description: 'För många försök' })
  async requestPasswordReset(@Body(new ZodPipe(PasswordResetBody)) body: z.output<typeof PasswordResetBody>, @Req() req: Request): Promise<{ message: string }> {
    unwrap(await this.rpc.call('compliance-workflow', 'auth.password-reset.request', { ...body, ...clientInfo(req) }));
    return { message: RESET_REQUESTED_MESSAGE };
  }

  @Post('password-reset/confirm')
  @HttpCode(200)
  @Throttle(AUTH_THROTTLE)
  @ApiOperation({ summary: 'Sätt ett nytt lösenord med länkens token; alla sessioner avslutas' })
  @ApiBody({ schema: jsonSchema(PasswordResetConfirmBody, 'input') })
  @ApiResponse({ status: 200, description: '{ reset: true }' })
  @ApiResponse({ status: 400, description: 'Länken är ogiltig, använd eller utgången, eller lösenordet för kort' })
  async confirmPasswordReset(
    @Body(new ZodPipe(PasswordResetConfirmBody)) body: z.output<typeof PasswordResetConfirmBody>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ reset: true }> {
    const result = unwrap(await this.rpc.call('compliance-workflow', 'auth.password-reset.confirm', body, { timeoutMs: 15_000 }));
    res.append('Set-Cookie', clearedRefreshCookie(this.secure));
    return result;
  }

  /** Body delivery when asked for (and given), else the cookie. */
  private presentedToken(body: z.output<typeof RefreshBody>, req: Request): string | undefined {
    if (wantsBodyDelivery(req.headers[TOKEN_DELIVERY_HEADER]) && body.refreshToken) return body.refreshToken;
    return readRefreshCookie(req.headers.cookie);
  }

  private session(pair: TokenPair, req: Request, res: Response): SessionResponse {
    const base = { accessToken: pair.accessToken, accessTokenExpiresAt: pair.accessTokenExpiresAt, user: pair.user };
    if (wantsBodyDelivery(req.headers[TOKEN_DELIVERY_HEADER])) {
      return { ...base, refreshToken: pair.refreshToken, refreshTokenExpiresAt: pair.refreshTokenExpiresAt };
    }
    res.append('Set-Cookie', refreshCookie(pair.refreshToken, new Date(pair.refreshTokenExpiresAt), this.secure));
    return base;
  }
}
