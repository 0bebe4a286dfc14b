// The access matrix, account, sign-in and team (see ./runner.ts): every cell of these routes as every kind of person.
import { ACCOUNT } from "./matrix/account";
import { describeMatrix } from "./runner";

describeMatrix(ACCOUNT);
