import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./limits";

// NOTE: drawn from the most frequent entries of public breach corpora (SecLists' common-credentials lists and
// NCSC's top 100k) that are 12 characters or longer, plus the base words most often padded to reach a length rule.
const COMMON_PASSWORDS = new Set([
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456789123",
  "1234567891011",
  "111111111111",
  "000000000000",
  "123123123123",
  "123412341234",
  "qwertyuiopas",
  "qwertyuiop123",
  "qwertyuiopasdfgh",
  "qwertyuiopasdfghjkl",
  "1q2w3e4r5t6y",
  "1q2w3e4r5t6y7u8i",
  "q1w2e3r4t5y6",
  "1qaz2wsx3edc",
  "1qaz2wsx3edc4rfv",
  "zaq12wsxcde3",
  "zaq1zaq1zaq1",
  "asdfghjkl123",
  "abcdefghijkl",
  "abcdefghijklmnop",
  "abcdefg12345",
  "abc123abc123",
  "password1234",
  "password12345",
  "password123456",
  "password123!",
  "password2024",
  "password2025",
  "password2026",
  "passwordpassword",
  "mypassword123",
  "newpassword123",
  "changeme1234",
  "changemenow123",
  "letmein12345",
  "letmeinplease",
  "welcome12345",
  "welcome123456",
  "welcometothejungle",
  "iloveyou1234",
  "iloveyouforever",
  "iloveyoubaby",
  "iloveyousomuch",
  "administrator",
  "administrator1",
  "admin1234567",
  "adminadmin123",
  "superman1234",
  "batman123456",
  "football1234",
  "baseball1234",
  "basketball12",
  "basketball123",
  "liverpool1234",
  "manchesterunited",
  "starwars1234",
  "princess1234",
  "sunshine1234",
  "trustno1trustno1",
  "monkey123456",
  "dragon123456",
  "master123456",
  "qazwsxedcrfv",
  "qazwsxedcrfvtgb",
  "1234qwerasdf",
  "1234qwerasdfzxcv",
  "qwer1234asdf",
  "asdf1234asdf",
  "aaaaaaaaaaaa",
  "abcabcabcabc",
  "correcthorsebatterystaple",
  "thequickbrownfox",
  "whatever1234",
  "computer1234",
  "internet1234",
  "samsung12345",
  "michael12345",
  "jennifer1234",
  "jordan231234",
  "summer2024!!",
  "springtime2025",
  "winter2025!!",
  "autumn2025!!",
  "spring2026!!",
  "company12345",
  "partnerlens123",
  "partnerlens2026",
]);

const COMMON_BASES = [
  "password",
  "passw0rd",
  "p@ssw0rd",
  "p@ssword",
  "qwerty",
  "letmein",
  "welcome",
  "admin",
  "iloveyou",
  "monkey",
  "dragon",
  "football",
  "baseball",
  "sunshine",
  "princess",
  "abc123",
  "changeme",
  "secret",
  "login",
  "master",
  "partnerlens",
];

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}) {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const common = "This password is too common: choose one that is not in lists of leaked passwords.";
  if (COMMON_PASSWORDS.has(lower)) return common;
  if (/^(.)\1+$/.test(password) || /^(..?.?.?)\1+$/.test(lower)) return common;
  if (/^\d+$/.test(password) && isRun(password)) return common;
  // A common word padded with digits and symbols ("Password2026!!") is as weak as the word.
  const stripped = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
  if (COMMON_BASES.includes(stripped)) return common;
  const local = context.email?.toLowerCase().split("@")[0];
  if (local && local.length >= 4 && lower.includes(local))
    return "Do not build the password from your e-mail.";
  return undefined;
}

function isRun(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) {
    const step = (Number(digits[i]) - Number(digits[i - 1]) + 10) % 10;
    if (step !== 1 && step !== 9) return false;
  }
  return true;
}
