import { z } from 'zod';
import { id, text, timestamp } from './primitives.ts';

// The code section: a repository's files and the commits that changed them, with the pull requests and
// reviews around each change. Authors write full file contents; diffs and blame are computed from them.

/** A path inside the repository, written as git writes it: relative, forward slashes, no `..`. */
export const filePath = z
  .string()
  .min(1)
  .max(300)
  .regex(
    /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._@+-]+(?:\/[A-Za-z0-9._@+-]+)*$/,
    'must be a relative path with forward slashes and no "." or ".." parts, e.g. src/pricing/coupon.ts',
  )
  .describe('a path inside the repository, e.g. src/pricing/coupon.ts');

/** A commit id as the scenario writes it: a short git-style hex id. */
export const commitId = z
  .string()
  .regex(/^[0-9a-f]{7,40}$/, 'must be 7 to 40 lower-case hex digits, like a short git id: a41f9c2')
  .describe('a short git-style commit id (7 to 40 hex digits), e.g. a41f9c2');

/** Who wrote a commit or a review: a handle (`sam.dev`) or a git identity (`Sam Dev <sam@shop.example>`). */
export const person = z
  .string()
  .min(1)
  .max(120)
  .regex(
    /^[^<>\n]+( <[^<>\s]+@[^<>\s]+>)?$/,
    'must be a handle such as sam.dev, or "Sam Dev <sam@shop.example>"',
  )
  .describe('a handle such as sam.dev, or a git identity "Sam Dev <sam@shop.example>"');

export const CodeFileSchema = z.strictObject({
  path: filePath,
  language: z
    .string()
    .max(40)
    .optional()
    .describe(
      'language for highlighting in the code browser, e.g. typescript; guessed from the extension if left out',
    ),
  content: text.describe(
    'the whole file; use a YAML block scalar (`content: |`) and keep line numbers in mind',
  ),
});

export const FileChangeSchema = z.strictObject({
  path: filePath,
  content: text
    .optional()
    .describe('the whole file after this commit (a new file, or the full new version of a changed one)'),
  deleted: z.literal(true).optional().describe('set `deleted: true` to remove the file in this commit'),
});

export const ReviewSchema = z.strictObject({
  author: person.describe('the reviewer'),
  verdict: z
    .enum(['approved', 'changes-requested', 'commented'])
    .describe('what the reviewer decided, as GitHub names review states'),
  body: text.default('').describe('the review text, markdown'),
  file: filePath.optional().describe('for a comment on a line: the file it is on'),
  line: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('for a comment on a line: the 1-based line in the file as of this commit'),
  at: timestamp.optional().describe('when the review was left; defaults to the commit date'),
});

export const PullRequestSchema = z.strictObject({
  number: z.number().int().min(1).max(999_999).describe('the pull request number, shown as #318'),
  title: z.string().min(1).max(200),
  description: text.default('').describe('the pull request description, markdown'),
  reviews: z.array(ReviewSchema).max(50).default([]).describe('reviews and review comments, in order'),
});

export const CommitSchema = z.strictObject({
  id: commitId,
  parent: commitId
    .optional()
    .describe('the commit this one builds on; defaults to the commit listed before it (none for the first)'),
  author: person,
  date: timestamp.describe('when the commit was authored, RFC 3339 with a zone'),
  message: z
    .string()
    .min(1)
    .max(5_000)
    .describe('the commit message: a subject line, then optionally a blank line and a body'),
  pr: PullRequestSchema.optional().describe('the pull request this commit was merged from, with its reviews'),
  changes: z
    .array(FileChangeSchema)
    .max(200)
    .default([])
    .describe('the files this commit adds, rewrites (full new content) or deletes'),
});

export const CodeSchema = z
  .strictObject({
    repo: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/, 'must be owner/name, e.g. shop/cart')
      .describe('the repository, owner/name, e.g. shop/cart'),
    service: id
      .optional()
      .describe('the service built from this repository, if one (its deploys can name these commits)'),
    emailDomain: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as shop.example')
      .default('example.com')
      .describe('domain for the e-mail of authors written as a bare handle, e.g. sam.dev@shop.example'),
    files: z
      .array(CodeFileSchema)
      .max(500)
      .default([])
      .describe('the tree the first commit creates; later commits change it'),
    commits: z
      .array(CommitSchema)
      .min(1)
      .max(500)
      .describe(
        'the history, oldest first; the first commit adds `files`, each later one applies its `changes`',
      ),
  })
  .describe('the code of the system: files and their commit history, with pull requests and reviews');

/** The code section as validated. */
export type Code = z.output<typeof CodeSchema>;
/** One commit of the code section. */
export type CodeCommit = Code['commits'][number];
/** A review on a commit's pull request. */
export type CodeReview = NonNullable<CodeCommit['pr']>['reviews'][number];
