export declare const DEFAULT_CHROME_PATH: string;
export declare const CHROME_PATH: string;
export declare const CHROMIUM_ARGS: string[];
