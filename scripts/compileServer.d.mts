/** Types of compileServer.mjs (plain JavaScript, so `npm start` needs no transpiler). */
export declare const ROOT: string;
export declare const SOURCE_DIRS: string[];
export declare const OUT_DIR: string;
export declare function serverSourceHash(root?: string): string;
export declare function isCompiled(root?: string): boolean;
export declare function compileServer(options?: { root?: string; force?: boolean }): Promise<boolean>;
