/**
 * A software passkey for the service's own tests (A20, A21): an ECDSA P-256 key pair whose
 * record is put straight into the store, and assertions signed as an authenticator would sign
 * them, with a relying party, origin and flags the test chooses. The ceremonies with a real
 * browser are in test/e2e/passkeys.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { PasskeyRecord } from './store/store.js';

const base64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');

export interface AssertionOptions {
  /** The challenge from the options, base64url. */
  challenge: string;
  /** The page's origin in clientDataJSON; default `http://localhost:4010`. */
  origin?: string;
  /** The RP ID whose SHA-256 starts the authenticator data; default `localhost`. */
  rpId?: string;
  /** The user-verified flag; default set. */
  userVerified?: boolean;
  /** The signature counter; default 1. */
  counter?: number;
}

export function createTestPasskey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x ?? '', 'base64url')],
      [-3, Buffer.from(jwk.y ?? '', 'base64url')],
    ]),
  );
  const credentialId = base64url(randomBytes(16));

  return {
    credentialId,
    /** The record the service would have stored at registration. */
    record(userId: string, overrides: Partial<PasskeyRecord> = {}): PasskeyRecord {
      return {
        tenantId: 'demo',
        userId,
        passkeyId: base64url(randomBytes(12)),
        credentialId,
        publicKey: base64url(cose),
        counter: 0,
        transports: ['internal'],
        name: 'テスト用パスキー',
        createdAt: '2026-06-01T01:00:00.000Z',
        lastUsedAt: null,
        ...overrides,
      };
    },
    /** `AuthenticationResponseJSON` for `navigator.credentials.get` with these options. */
    assert(options: AssertionOptions) {
      const clientDataJSON = Buffer.from(
        JSON.stringify({
          type: 'webauthn.get',
          challenge: options.challenge,
          origin: options.origin ?? 'http://localhost:4010',
          crossOrigin: false,
        }),
      );
      const counter = Buffer.alloc(4);
      counter.writeUInt32BE(options.counter ?? 1);
      const flags = 0x01 | (options.userVerified === false ? 0 : 0x04); // UP, UV
      const authenticatorData = Buffer.concat([
        createHash('sha256')
          .update(options.rpId ?? 'localhost')
          .digest(),
        Buffer.from([flags]),
        counter,
      ]);
      const signature = sign(
        'sha256',
        Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]),
        { key: privateKey, dsaEncoding: 'der' },
      );
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key' as const,
        response: {
          clientDataJSON: base64url(clientDataJSON),
          authenticatorData: base64url(authenticatorData),
          signature: base64url(signature),
        },
        clientExtensionResults: {},
      };
    },
  };
}

export type TestPasskey = ReturnType<typeof createTestPasskey>;
