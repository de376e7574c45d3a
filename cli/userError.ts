import { PlainInputError } from "../model";

/**
 * A mistake of the user's (bad arguments, a missing file, a stack that does not exist). The CLI prints its message
 * and exits 2, never a stack trace.
 */
export class UsageError extends PlainInputError {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}
