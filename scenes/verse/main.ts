/**
 * @module verse page script: runs on `/v/<code>` (rendered by the server). It fetches the verse's signed record and
 * brings its take-home to life in the visitor's browser: the image and the music (added by later parts).
 */
export {};
