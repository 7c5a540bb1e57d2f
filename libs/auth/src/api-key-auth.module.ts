import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
} from '@nestjs/common';
import { ApiKeyGuard, RateLimiting } from './api-key.guard';
import {
  DEPARTMENT_KEY_STORE,
  type DepartmentKeyStore,
  DepartmentKeyVerifier,
} from './department-key-verifier';
import { ApiKeyring } from './keyring';
import { type RateLimitPolicy, TokenBucketLimiter } from './token-bucket';

export interface DepartmentAuthOptions {
  /** The env list (`HUB_API_KEYS`): may be empty when every key lives in the store. */
  envKeys: string;
  variable: string;
  /** A provider of a `DepartmentKeyStore`, e.g. the gateway's Postgres repository. */
  store: InjectionToken;
  /** The module that provides and exports `store`. */
  storeModule: NonNullable<ModuleMetadata['imports']>[number];
  /** Bound on how late a revocation is seen by this process (see DepartmentKeyVerifier). */
  cacheTtlMs: number;
  rateLimits: RateLimitPolicy;
}

/** Provides `ApiKeyGuard` over the keys of one `NAME:key,...` variable. */
@Module({})
export class ApiKeyAuthModule {
  static forKeys(spec: string, variable: string): DynamicModule {
    return {
      module: ApiKeyAuthModule,
      providers: [{ provide: ApiKeyring, useValue: ApiKeyring.parse(spec, variable) }, ApiKeyGuard],
      exports: [ApiKeyring, ApiKeyGuard],
    };
  }

  /**
   * Department keys: the env list plus keys issued through the admin API (`lth_…`, verified
   * against the store through a short cache), each key with its own rate limit.
   */
  static forDepartments(options: DepartmentAuthOptions): DynamicModule {
    return {
      module: ApiKeyAuthModule,
      imports: [options.storeModule],
      providers: [
        {
          provide: ApiKeyring,
          useValue: ApiKeyring.parse(options.envKeys, options.variable, { allowEmpty: true }),
        },
        { provide: DEPARTMENT_KEY_STORE, useExisting: options.store },
        {
          provide: DepartmentKeyVerifier,
          inject: [DEPARTMENT_KEY_STORE],
          useFactory: (store: DepartmentKeyStore) =>
            new DepartmentKeyVerifier(store, { ttlMs: options.cacheTtlMs }),
        },
        {
          provide: RateLimiting,
          useValue: new RateLimiting(new TokenBucketLimiter(), options.rateLimits),
        },
        ApiKeyGuard,
      ],
      exports: [ApiKeyring, ApiKeyGuard, DepartmentKeyVerifier, RateLimiting],
    };
  }
}
