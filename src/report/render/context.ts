/** The commit a report describes: its SHA, and its page when known. */
export interface CommitRef {
  sha: string;
  url?: string | null;
}

/** What a renderer knows beyond the report: where the run and its artifact live. */
export interface RenderContext {
  /** The commit tested, named in the heading. */
  commit?: CommitRef | null;
  /** Which sticky comment this job owns (goes into the hidden marker). */
  commentKey: string;
  /** Link to the workflow run (its page shows the job summary). */
  runUrl?: string | null;
  /** Link to the uploaded artifact. */
  artifactUrl?: string | null;
  /** A line describing the data set (seed files, fill), if any. */
  dataSet?: string | null;
}

/** GitHub refuses comments over 65,536 characters; bytes are the stricter measure. */
export const COMMENT_LIMIT_BYTES = 65_000;
/** GITHUB_STEP_SUMMARY limit with margin. */
export const SUMMARY_LIMIT_BYTES = 1_048_576 - 1024;
