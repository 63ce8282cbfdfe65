/** Several servers: `INKVERSE_REDIS_URL` / `INKVERSE_REDIS_ROLE` and the `redis` section, with their refusals. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/loadConfig.ts';
import { refusalOf } from '../helpers/refusalOf.ts';

const errorOf = (env: NodeJS.ProcessEnv): string => refusalOf(() => loadConfig(env));

describe('redis config', () => {
  it('is off by default: no URL, role auto', () => {
    expect(loadConfig({}).redis).toEqual({ role: 'auto', lockSeconds: 3, prefix: 'inkverse' });
  });

  it('takes the URL and the role from the environment', () => {
    const c = loadConfig({ INKVERSE_REDIS_URL: 'redis://:secret@10.0.0.2:6379', INKVERSE_REDIS_ROLE: 'edge' });
    expect(c.redis).toMatchObject({ url: 'redis://:secret@10.0.0.2:6379', role: 'edge' });
  });

  it('refuses a URL that is not redis:// and a role that is not auto or edge, naming the key', () => {
    expect(errorOf({ INKVERSE_REDIS_URL: 'http://10.0.0.2:6379' })).toMatch(/^INKVERSE_E_CONFIG: .*redis\.url.*redis:\/\/127\.0\.0\.1:6379/);
    const role = errorOf({ INKVERSE_REDIS_URL: 'redis://10.0.0.2:6379', INKVERSE_REDIS_ROLE: 'writer' });
    expect(role).toMatch(/^INKVERSE_E_CONFIG: .*redis\.role/);
    expect(role).toMatch(/auto/);
    expect(role).toMatch(/edge/);
  });
});
