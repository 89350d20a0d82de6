// The browser tests run on Mocha (@web/test-runner-mocha), whose globals have no types in this
// repository (@types/mocha is not installed): declare the few the tests use.
type MochaCallback = (this: unknown) => void | Promise<unknown>;
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: MochaCallback): void;
declare function before(body: MochaCallback): void;
declare function after(body: MochaCallback): void;
declare function beforeEach(body: MochaCallback): void;
declare function afterEach(body: MochaCallback): void;
