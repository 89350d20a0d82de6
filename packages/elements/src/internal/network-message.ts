import { msg } from '@lit/localize';

/**
 * No connection (X5). Its own module because an element says it before its other texts have
 * loaded: when the chunk with its screens did not arrive.
 */
export const networkMessage = (): string =>
  msg('通信できませんでした。インターネット接続を確認して、もう一度お試しください。', {
    id: 'error.network',
  });
