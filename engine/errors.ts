import { PlainInputError } from "../model";

/**
 * A caller's mistake found before anything runs (an unknown stack, a missing passphrase, an engine that is not
 * built, a bad backend URL). Callers print the message and exit 2; nothing was touched.
 */
export class EngineInputError extends PlainInputError {
    constructor(message: string) {
        super(message);
        this.name = "EngineInputError";
    }
}
