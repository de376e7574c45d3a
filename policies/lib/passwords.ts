/**
 * Password complexity for 8.1.4.1 a: at least 12 characters of 3 of the 4 classes, not containing the user name.
 * One definition for every password a rule can read (database users, Keystone users).
 */
export function passwordProblems(password: string, user: string): string[] {
    const problems: string[] = [];
    if (password.length < 12) problems.push(`is ${password.length} characters long (at least 12)`);
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
    if (classes < 3) problems.push(`uses ${classes} character class${classes === 1 ? "" : "es"} (at least 3)`);
    if (user && password.toLowerCase().includes(user.toLowerCase())) problems.push("contains the user name");
    return problems;
}
