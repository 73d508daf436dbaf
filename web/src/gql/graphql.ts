/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Input of `changeProjectStatus`. */
export type ChangeProjectStatusInput = {
  /** The project's `version` as last read; a stale one is a `CONFLICT`. */
  expectedVersion: number;
  /** Why, for the change history. */
  note?: string | null | undefined;
  /** The project's global id. */
  projectId: string | number;
  /** The status to move to (see `ProjectStatus` for the lifecycle). */
  status: ProjectStatus;
};

/** A data-quality rule, by stable id. Rules are added over time; none is renamed. */
export type DataQualityRule =
  /** WARNING: the latest progress report's completed investment is above the total investment. */
  | 'COMPLETED_ABOVE_TOTAL'
  /** ERROR: 14th-FYP investment is above the total investment. */
  | 'FYP_ABOVE_TOTAL'
  /**
   * WARNING: the construction period extends beyond the window of the plan the project is
   * listed in, yet all of the total investment is planned inside it.
   */
  | 'FYP_EQUALS_TOTAL_BEYOND_WINDOW'
  /**
   * ERROR: the construction period lies wholly outside the window of the plan the project is
   * listed in, yet its in-window (14th-FYP for the 14th plan's lists) investment is above zero.
   */
  | 'FYP_OUTSIDE_WINDOW'
  /** INFO: the 14th-FYP investment is unknown (待定). */
  | 'FYP_UNKNOWN'
  /** ERROR: the construction period ends before it starts. */
  | 'PERIOD_ENDS_BEFORE_START'
  /** INFO: the start or end year is unknown. */
  | 'PERIOD_UNKNOWN'
  /** INFO: the total investment is unknown (待定). */
  | 'TOTAL_UNKNOWN'
  /**
   * ERROR: a project listed in several plans (carried from one plan's list into the next):
   * the in-window investments of its listings add up to more than its total investment (its
   * latest listing's).
   */
  | 'WINDOWS_ABOVE_TOTAL';

/** How serious a data-quality finding is. */
export type DataQualitySeverity =
  /** The figures contradict each other; a sum that includes them is wrong somewhere. */
  | 'ERROR'
  /** Something is not known yet; sums report it as unknown, never as zero. */
  | 'INFO'
  /** The figures are possible but doubtful; worth a look. */
  | 'WARNING';

/** An inclusive range of amounts in 万元; either end may be left open. */
export type DecimalRange = {
  /** Largest amount accepted. */
  max?: string | null | undefined;
  /** Smallest amount accepted. */
  min?: string | null | undefined;
};

/** An inclusive range of years; either end may be left open. */
export type IntRange = {
  /** Largest value accepted. */
  max?: number | null | undefined;
  /** Smallest value accepted. */
  min?: number | null | undefined;
};

/** Where a monthly return stands in its review. */
export type MonthlyReturnStatus =
  /** Accepted by the office; never edited again (a correction is filed beside it). */
  | 'APPROVED'
  /** Sent back with the reviewer's comment; to be resubmitted. */
  | 'RETURNED'
  /** Filed, awaiting the office's review; the manager may still resubmit it. */
  | 'SUBMITTED';

/** Sort direction. */
export type OrderDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

/** What kind of obstacle a problem is. */
export type ProblemKind =
  /** Approvals and permits (审批). */
  | 'APPROVAL'
  /** Design and technical questions (设计). */
  | 'DESIGN'
  /** Funding: capital not in place (资金). */
  | 'FUNDING'
  /** Land: acquisition, conversion, quotas (用地). */
  | 'LAND'
  /** Anything else. */
  | 'OTHER'
  /** Relocation and clearance (征迁). */
  | 'RELOCATION';

/** Where a problem stands. */
export type ProblemStatus =
  /** Still holding the project back. */
  | 'OPEN'
  /** Closed off with a resolution (销号); it can no longer be changed. */
  | 'RESOLVED';

/**
 * Chooses projects. Every condition given must hold (AND); a list condition matches any of its
 * values (OR). Unknown (待定) values never satisfy a range. Archived projects are never chosen.
 */
export type ProjectFilter = {
  /** Projects of categories with these codes, e.g. `["GREEN", "DIGITAL"]`. */
  categoryCodes?: Array<string> | null | undefined;
  /** End year within this range. */
  endYear?: IntRange | null | undefined;
  /**
   * In-window investment (万元; the listing plan's window, 14th-FYP for its lists) within
   * this range.
   */
  fypInvestment?: DecimalRange | null | undefined;
  /** `true`: 14th-FYP investment is known; `false`: it is 待定. */
  fypInvestmentKnown?: boolean | null | undefined;
  /** Projects of these lists, e.g. `["DONGTOU"]`. */
  listCodes?: Array<string> | null | undefined;
  /** Exact location, e.g. `小门岛`. */
  location?: string | null | undefined;
  /**
   * `true`: construction period overlaps the window of the plan the project is listed in
   * (2021-2025 for the 14th FYP's lists); `false`: lies wholly outside it. Projects with an
   * unknown start or end year match neither.
   */
  overlapsPlanWindow?: boolean | null | undefined;
  /** Projects of the lists of these plans, e.g. `["DONGTOU-14FYP"]`. */
  planCodes?: Array<string> | null | undefined;
  /** Text the name or scope contains, e.g. `液化天然气` or `lng` (ASCII letters match either case). */
  search?: string | null | undefined;
  /** Start year within this range. */
  startYear?: IntRange | null | undefined;
  /** Projects in these statuses. */
  statuses?: Array<ProjectStatus> | null | undefined;
  /** Total investment (万元) within this range. */
  totalInvestment?: DecimalRange | null | undefined;
  /** `true`: total investment is known; `false`: it is 待定. */
  totalInvestmentKnown?: boolean | null | undefined;
};

/** One ordering key; several are applied in turn. */
export type ProjectOrder = {
  /** The direction. */
  direction: OrderDirection;
  /** The field to order by. */
  field: ProjectOrderField;
};

/** What projects can be ordered by. Ties are broken by the document's order, then by creation. */
export type ProjectOrderField =
  /** End year; unknown last in either direction. */
  | 'END_YEAR'
  /** 14th-FYP investment; unknown (待定) amounts come last in either direction. */
  | 'FYP_INVESTMENT'
  /** Name, by Unicode code point. */
  | 'NAME'
  /** The document's order: list, category heading, sequence number (the default). */
  | 'SEQUENCE'
  /** Start year; unknown last in either direction. */
  | 'START_YEAR'
  /** Total investment; unknown (待定) amounts come last in either direction. */
  | 'TOTAL_INVESTMENT'
  /** Time of the last change. */
  | 'UPDATED_AT';

/** Where a project stands in its lifecycle. `COMPLETED` and `CANCELLED` are final. */
export type ProjectStatus =
  /** Abandoned (final). */
  | 'CANCELLED'
  /** Finished (final). */
  | 'COMPLETED'
  /** Paused; may resume. */
  | 'ON_HOLD'
  /** Listed in the plan, not started. */
  | 'PLANNED'
  /** Construction has started. */
  | 'UNDER_CONSTRUCTION';

/** Input of `publishPeriod`. */
export type PublishPeriodInput = {
  /** The office's note. */
  note?: string | null | undefined;
  /** The month to publish, `YYYY-MM`; it must have ended. */
  period: string;
};

/** Input of `raiseProblem`. */
export type RaiseProblemInput = {
  /** What the problem is; must not be blank. */
  description: string;
  /** When it should be solved by (`YYYY-MM-DD`, 2000 to 2100), when already agreed. */
  dueOn?: unknown;
  /** What kind of obstacle it is. */
  kind: ProblemKind;
  /** The unit that owns solving it, when already known. */
  ownerUnit?: string | null | undefined;
  /** The project's global id. */
  projectId: string | number;
};

/** What a ranking groups by. */
export type RankingDimension =
  /** The category. */
  | 'CATEGORY'
  /** The location. */
  | 'LOCATION'
  /** The responsible unit. */
  | 'RESPONSIBLE_UNIT';

/** What a ranking orders by. */
export type RankingMeasure =
  /** Completed this year over the annual plan (投资完成率). */
  | 'COMPLETION_RATE'
  /** Completed this year over expected to date (against the time-elapsed schedule). */
  | 'SCHEDULE_RATE'
  /** Projects started over projects planned to start this year (开工率). */
  | 'START_RATE';

/** How a row's declared figures compare with what its projects add up to. */
export type ReconciliationStatus =
  /** At least one declared figure differs from the computed one. */
  | 'DIFFERS'
  /** Every declared figure equals the computed one. */
  | 'MATCHES'
  /** The document declares no figure for this row. */
  | 'NOT_DECLARED';

/** Input of `resolveProblem`. */
export type ResolveProblemInput = {
  /** The problem's `version` as last read; a stale one is a `CONFLICT`. */
  expectedVersion: number;
  /** The problem's global id. */
  problemId: string | number;
  /** How it was solved; must not be blank. */
  resolution: string;
};

/** Where a project's return for a month stands against its deadline. */
export type ReturnDueStatus =
  /** Filed by the deadline. */
  | 'FILED'
  /** Filed after the deadline. */
  | 'LATE'
  /** Not filed, and the deadline has passed. */
  | 'MISSING'
  /** Not filed yet; the deadline is still to come. */
  | 'PENDING';

/** The office's decision on a return. */
export type ReviewDecision =
  /** Accept the return; it is never edited again. */
  | 'APPROVE'
  /** Send it back to be resubmitted; the comment says what to put right. */
  | 'RETURN';

/** Input of `reviewMonthlyReturn`. */
export type ReviewMonthlyReturnInput = {
  /** The reviewer's comment; required to send a return back. */
  comment?: string | null | undefined;
  /** Approve or send back. */
  decision: ReviewDecision;
  /**
   * The return's `version` as last read: of two concurrent reviews one wins, the other is a
   * `CONFLICT`.
   */
  expectedVersion: number;
  /** The return's global id. */
  returnId: string | number;
};

/** What a token may do. */
export type Role =
  /** Everything, including tokens and assignments. */
  | 'ADMIN'
  /**
   * The major-projects office: reads and exports everything, sets annual plans, reviews
   * monthly returns, manages problems and warning rules; manages no tokens and files no
   * returns.
   */
  | 'COORDINATOR'
  /** Reads and exports. */
  | 'FINANCE'
  /** Reads; writes only the projects assigned to the token, and files their monthly returns. */
  | 'MANAGER'
  /** Reads the portfolio. */
  | 'VIEWER';

/** Input of `submitMonthlyReturn`. */
export type SubmitMonthlyReturnInput = {
  /**
   * Cumulative completed investment since construction began, 万元; null when unknown. A
   * figure below the previous month's (or the latest progress report's) needs `isCorrection`
   * and a note.
   */
  cumulativeCompletedInvestment?: string | null | undefined;
  /** The project's `version` as last read; a stale one is a `CONFLICT`. */
  expectedVersion: number;
  /** Physical progress in words (形象进度). */
  imageProgress: string;
  /**
   * The return corrects earlier figures: a lower cumulative figure, or a month already
   * approved (filed as a new revision beside it).
   */
  isCorrection?: boolean;
  /** What comes next month. */
  nextSteps?: string | null | undefined;
  /** Why, for a correction (required then). */
  note?: string | null | undefined;
  /** Physical completion, 0-100, at most two decimals. */
  percentComplete: string;
  /** The month reported on, `YYYY-MM`: not still to come, not before the project's start year. */
  period: string;
  /** Problems met, in words. */
  problems?: string | null | undefined;
  /** The project's global id. */
  projectId: string | number;
};

/** Input of `submitProgressReport`. */
export type SubmitProgressReportInput = {
  /** Cumulative investment completed so far, in 万元. */
  completedInvestment: string;
  /** The project's `version` as last read. */
  expectedVersion: number;
  /** The report corrects earlier ones, so its completed investment may be lower than theirs. */
  isCorrection?: boolean;
  /** Free text; required with `isCorrection`. */
  note?: string | null | undefined;
  /** Percent complete, 0 to 100, at most two decimals. */
  percentComplete: string;
  /** The project's global id. */
  projectId: string | number;
  /** The date the report speaks for (`YYYY-MM-DD`). */
  reportedOn: unknown;
  /** A status change reported with it; the project's status follows. */
  status?: ProjectStatus | null | undefined;
};

/**
 * Why a mutation did not happen. Expected failures are user errors; anything else is a GraphQL
 * error with `extensions.code`.
 */
export type UserErrorCode =
  /** The write collides with the current state: a duplicate, or a stale `expectedVersion`. */
  | 'CONFLICT'
  /** The caller may not do this. */
  | 'FORBIDDEN'
  /** The status change is not allowed from the current status. */
  | 'ILLEGAL_TRANSITION'
  /** The object named does not exist (or may not be seen). */
  | 'NOT_FOUND'
  /** The input breaks a rule. */
  | 'VALIDATION';

/** A schedule light. */
export type WarningLevel =
  /** On schedule. */
  | 'GREEN'
  /**
   * Nothing could be judged (no annual plan, an unknown figure, no return yet): see the
   * reason. Never a silent green.
   */
  | 'NOT_APPLICABLE'
  /** Past a red threshold. */
  | 'RED'
  /** Past a yellow threshold. */
  | 'YELLOW';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { name: string, role: Role | null, projectKeys: Array<string>, canExport: boolean, canReview: boolean, canWriteAllProjects: boolean } };

export type OverviewQueryVariables = Exact<{
  windowFilter?: ProjectFilter | null | undefined;
}>;


export type OverviewQuery = { projectLists: Array<{ id: string, code: string, title: string, titleEn: string, declaredTotalInvestment: string | null, declaredFypInvestment: string | null, categories: Array<{ id: string, code: string, name: string, nameEn: string }> }>, byList: { total: { projectCount: number, totalInvestment: { known: string, unknownCount: number }, fypInvestment: { known: string, unknownCount: number }, fypShare: { value: string | null } }, groups: Array<{ projectCount: number, key: { listCode: string | null }, totalInvestment: { known: string, unknownCount: number }, fypInvestment: { known: string, unknownCount: number }, fypShare: { value: string | null } }> }, byCategory: { groups: Array<{ projectCount: number, key: { listCode: string | null, categoryCode: string | null, categoryName: string | null }, totalInvestment: { known: string, unknownCount: number }, fypInvestment: { known: string, unknownCount: number }, fypShare: { value: string | null } }> }, planWindow: { windowStart: number, windowEnd: number, projectCount: number, periodUnknownCount: number, years: Array<{ year: number, projectsUnderWay: number, fypInvestment: string }>, unallocated: { amount: string, projectCount: number } }, reconciliation: Array<{ listCode: string, categoryCode: string | null, declaredCount: number | null, computedCount: number, declaredTotalInvestment: string | null, computedTotalInvestment: string, unknownTotalInvestmentCount: number, totalInvestmentDifference: string | null, declaredFypInvestment: string | null, computedFypInvestment: string, unknownFypInvestmentCount: number, fypInvestmentDifference: string | null, status: ReconciliationStatus }>, dataQuality: Array<{ rule: DataQualityRule, severity: DataQualitySeverity, projectKey: string, projectName: string, message: string }> };

export type TotalsFragment = { projectCount: number, totalInvestment: { known: string, unknownCount: number }, fypInvestment: { known: string, unknownCount: number }, fypShare: { value: string | null } };

export type ListsQueryVariables = Exact<{ [key: string]: never; }>;


export type ListsQuery = { projectLists: Array<{ id: string, code: string, title: string, titleEn: string, categories: Array<{ id: string, code: string, name: string, nameEn: string }> }> };

export type ProjectsQueryVariables = Exact<{
  filter?: ProjectFilter | null | undefined;
  orderBy?: Array<ProjectOrder> | ProjectOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ProjectsQuery = { projects: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, key: string, name: string, status: ProjectStatus, startYear: number | null, endYear: number | null, totalInvestment: string | null, fypInvestment: string | null, category: { id: string, name: string, nameEn: string } }> } };

export type ProjectPageQueryVariables = Exact<{
  key: string;
  period: string;
}>;


export type ProjectPageQuery = { project: { id: string, key: string, name: string, scope: string, status: ProjectStatus, version: number, startYear: number | null, endYear: number | null, totalInvestment: string | null, fypInvestment: string | null, fypShare: string | null, location: string | null, responsibleUnit: string | null, landAreaMu: string | null, updatedAt: string, list: { id: string, code: string, title: string, titleEn: string, plan: { id: string, code: string, windowStart: number, windowEnd: number } }, category: { id: string, code: string, name: string, nameEn: string }, listings: Array<{ id: string, key: string, totalInvestment: string | null, fypInvestment: string | null, list: { id: string, code: string, title: string, titleEn: string, plan: { id: string, code: string, title: string, titleEn: string, windowStart: number, windowEnd: number } } }>, phases: Array<{ id: string, ordinal: number, name: string, scope: string, startYear: number | null, endYear: number | null, totalInvestment: string | null, fypInvestment: string | null }>, latestProgressReport: { id: string, reportedOn: unknown, percentComplete: string, completedInvestment: string } | null, progressReports: { nodes: Array<{ id: string, reportedOn: unknown, percentComplete: string, completedInvestment: string, status: ProjectStatus, note: string | null, reportedBy: string }> }, monthlyReturns: { nodes: Array<{ id: string, period: string, revision: number, status: MonthlyReturnStatus, cumulativeCompletedInvestment: string | null, completedThisMonth: string | null, completedThisYear: string | null, percentComplete: string, imageProgress: string, isCorrection: boolean, reviewComment: string | null, submittedBy: string }> }, warning: { level: WarningLevel, reason: string } | null } | null };

export type ProjectHistoryQueryVariables = Exact<{
  key: string;
  after?: string | null | undefined;
}>;


export type ProjectHistoryQuery = { project: { id: string, history: { edges: Array<{ cursor: string, node: { id: string, at: string, actor: string, entityType: string, field: string, oldValue: string | null, newValue: string | null, version: number | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ChangeStatusMutationVariables = Exact<{
  input: ChangeProjectStatusInput;
}>;


export type ChangeStatusMutation = { changeProjectStatus: { project: { id: string, version: number, status: ProjectStatus, updatedAt: string } | null, userErrors: Array<{ field: string | null, message: string, code: UserErrorCode, currentVersion: number | null, changedFields: Array<string> | null }> } };

export type SubmitProgressMutationVariables = Exact<{
  input: SubmitProgressReportInput;
}>;


export type SubmitProgressMutation = { submitProgressReport: { project: { id: string, version: number, status: ProjectStatus } | null, userErrors: Array<{ field: string | null, message: string, code: UserErrorCode, currentVersion: number | null, changedFields: Array<string> | null }> } };

export type SubmitMonthlyReturnMutationVariables = Exact<{
  input: SubmitMonthlyReturnInput;
}>;


export type SubmitMonthlyReturnMutation = { submitMonthlyReturn: { project: { id: string, version: number } | null, monthlyReturn: { id: string, period: string, status: MonthlyReturnStatus } | null, userErrors: Array<{ field: string | null, message: string, code: UserErrorCode, currentVersion: number | null, changedFields: Array<string> | null }> } };

export type ReportingQueryVariables = Exact<{
  period: string;
}>;


export type ReportingQuery = { warningCounts: Array<{ level: WarningLevel, count: number }>, red: { nodes: Array<{ level: WarningLevel, reason: string, gapPoints: string | null, monthsMissing: number, project: { id: string, key: string, name: string } }> }, yellow: { nodes: Array<{ level: WarningLevel, reason: string, gapPoints: string | null, monthsMissing: number, project: { id: string, key: string, name: string } }> }, returnsDue: { nodes: Array<{ status: ReturnDueStatus, dueOn: unknown, filedAt: string | null, responsibleUnit: string | null, reviewStatus: MonthlyReturnStatus | null, project: { id: string, key: string, name: string } }> }, reviewQueue: { nodes: Array<{ id: string, version: number, period: string, revision: number, isCorrection: boolean, note: string | null, cumulativeCompletedInvestment: string | null, completedThisMonth: string | null, completedThisYear: string | null, percentComplete: string, imageProgress: string, problems: string | null, submittedBy: string, submittedAt: string, project: { id: string, key: string, name: string } }> } };

export type LaggingFragment = { level: WarningLevel, reason: string, gapPoints: string | null, monthsMissing: number, project: { id: string, key: string, name: string } };

export type ReviewReturnMutationVariables = Exact<{
  input: ReviewMonthlyReturnInput;
}>;


export type ReviewReturnMutation = { reviewMonthlyReturn: { monthlyReturn: { id: string, status: MonthlyReturnStatus, version: number, reviewComment: string | null } | null, userErrors: Array<{ field: string | null, message: string, code: UserErrorCode, currentVersion: number | null, changedFields: Array<string> | null }> } };

export type MonthFiguresQueryVariables = Exact<{
  period: string;
}>;


export type MonthFiguresQuery = { reportingSummary: { period: string, total: { projectCount: number, annualPlan: { known: string, unknownCount: number }, completedThisMonth: { known: string, unknownCount: number }, completedThisYear: { known: string, unknownCount: number }, expectedToDate: { known: string, unknownCount: number }, completionRate: { value: string | null, basisCount: number }, scheduleRate: { value: string | null, basisCount: number }, startRate: { value: string | null, started: number, plannedToStart: number }, returns: { filed: number, late: number, missing: number, pending: number }, problems: { open: number, overdue: number } } } };

export type MonthTotalsFragment = { projectCount: number, annualPlan: { known: string, unknownCount: number }, completedThisMonth: { known: string, unknownCount: number }, completedThisYear: { known: string, unknownCount: number }, expectedToDate: { known: string, unknownCount: number }, completionRate: { value: string | null, basisCount: number }, scheduleRate: { value: string | null, basisCount: number }, startRate: { value: string | null, started: number, plannedToStart: number }, returns: { filed: number, late: number, missing: number, pending: number }, problems: { open: number, overdue: number } };

export type SeriesQueryVariables = Exact<{
  year: number;
}>;


export type SeriesQuery = { reportingSeries: Array<{ period: string, completedToDate: { known: string, unknownCount: number } | null, plannedToDate: { known: string, unknownCount: number } }> };

export type RankingQueryVariables = Exact<{
  period: string;
  by: RankingDimension;
  measure: RankingMeasure;
}>;


export type RankingQuery = { ranking: Array<{ rank: number | null, value: string | null, basis: number, key: { responsibleUnit: string | null, categoryCode: string | null, listCode: string | null, location: string | null } }> };

export type BulletinPageQueryVariables = Exact<{
  period: string;
}>;


export type BulletinPageQuery = { bulletin: { period: string, live: boolean, publishedAt: string | null, publishedBy: string | null, note: string | null, differences: Array<{ projectKey: string, field: string, published: string | null, live: string | null }>, summary: { total: { projectCount: number, lights: { green: number, yellow: number, red: number, notApplicable: number } } } } };

export type PublishPeriodMutationVariables = Exact<{
  input: PublishPeriodInput;
}>;


export type PublishPeriodMutation = { publishPeriod: { bulletin: { period: string, live: boolean, publishedAt: string | null, publishedBy: string | null } | null, userErrors: Array<{ field: string | null, message: string, code: UserErrorCode }> } };

export type OpenProblemsQueryVariables = Exact<{ [key: string]: never; }>;


export type OpenProblemsQuery = { problems: { nodes: Array<{ id: string, version: number, kind: ProblemKind, description: string, ownerUnit: string | null, dueOn: unknown, overdue: boolean, status: ProblemStatus, raisedBy: string, raisedAt: string, resolution: string | null, project: { id: string, key: string, name: string } }> } };

export type ProblemFieldsFragment = { id: string, version: number, kind: ProblemKind, description: string, ownerUnit: string | null, dueOn: unknown, overdue: boolean, status: ProblemStatus, raisedBy: string, raisedAt: string, resolution: string | null, project: { id: string, key: string, name: string } };

export type ProjectProblemsQueryVariables = Exact<{
  key: string;
}>;


export type ProjectProblemsQuery = { project: { id: string, problems: Array<{ id: string, version: number, kind: ProblemKind, description: string, ownerUnit: string | null, dueOn: unknown, overdue: boolean, status: ProblemStatus, raisedBy: string, raisedAt: string, resolution: string | null, project: { id: string, key: string, name: string } }> } | null };

export type RaiseProblemMutationVariables = Exact<{
  input: RaiseProblemInput;
}>;


export type RaiseProblemMutation = { raiseProblem: { problem: { id: string, version: number, status: ProblemStatus } | null, userErrors: Array<{ field: string | null, message: string, code: UserErrorCode, currentVersion: number | null, changedFields: Array<string> | null }> } };

export type ResolveProblemMutationVariables = Exact<{
  input: ResolveProblemInput;
}>;


export type ResolveProblemMutation = { resolveProblem: { problem: { id: string, version: number, status: ProblemStatus, resolution: string | null } | null, userErrors: Array<{ field: string | null, message: string, code: UserErrorCode, currentVersion: number | null, changedFields: Array<string> | null }> } };

export type PlansPageQueryVariables = Exact<{ [key: string]: never; }>;


export type PlansPageQuery = { plans: Array<{ id: string, code: string, title: string, titleEn: string, windowStart: number, windowEnd: number, lists: Array<{ id: string, code: string, title: string, titleEn: string }> }> };

export type CloseOutFiguresFieldsFragment = { projectCount: number, completedCount: number, underConstructionCount: number, notStartedCount: number, onHoldCount: number, cancelledCount: number, statusUnknownCount: number, carriedIntoLaterPlanCount: number, plannedInvestment: { known: string, unknownCount: number }, completedInWindow: { known: string, unknownCount: number }, completionRate: { value: string | null, basisCount: number } };

export type PlanCloseOutQueryVariables = Exact<{
  plan: string;
}>;


export type PlanCloseOutQuery = { planCloseOut: { windowStart: number, windowEnd: number, windowClosed: boolean, at: string, total: { projectCount: number, completedCount: number, underConstructionCount: number, notStartedCount: number, onHoldCount: number, cancelledCount: number, statusUnknownCount: number, carriedIntoLaterPlanCount: number, plannedInvestment: { known: string, unknownCount: number }, completedInWindow: { known: string, unknownCount: number }, completionRate: { value: string | null, basisCount: number } }, lists: Array<{ list: { id: string, code: string, title: string, titleEn: string }, figures: { projectCount: number, completedCount: number, underConstructionCount: number, notStartedCount: number, onHoldCount: number, cancelledCount: number, statusUnknownCount: number, carriedIntoLaterPlanCount: number, plannedInvestment: { known: string, unknownCount: number }, completedInWindow: { known: string, unknownCount: number }, completionRate: { value: string | null, basisCount: number } }, categories: Array<{ category: { id: string, code: string, name: string, nameEn: string }, figures: { projectCount: number, completedCount: number, underConstructionCount: number, notStartedCount: number, onHoldCount: number, cancelledCount: number, statusUnknownCount: number, carriedIntoLaterPlanCount: number, plannedInvestment: { known: string, unknownCount: number }, completedInWindow: { known: string, unknownCount: number }, completionRate: { value: string | null, basisCount: number } } }> }>, listings: Array<{ key: string, project: { id: string, name: string }, carriedInto: { id: string, key: string, list: { id: string, code: string, title: string, titleEn: string } } | null }> } };

export const TotalsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Totals"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvestmentGroup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalInvestment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fypInvestment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fypShare"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<TotalsFragment, unknown>;
export const LaggingFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Lagging"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleWarning"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"gapPoints"}},{"kind":"Field","name":{"kind":"Name","value":"monthsMissing"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<LaggingFragment, unknown>;
export const MonthTotalsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MonthTotals"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReportingGroup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"annualPlan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completedThisMonth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completedThisYear"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"expectedToDate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"basisCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scheduleRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"basisCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"started"}},{"kind":"Field","name":{"kind":"Name","value":"plannedToStart"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filed"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}}]}}]}}]} as unknown as DocumentNode<MonthTotalsFragment, unknown>;
export const ProblemFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProblemFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Problem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"ownerUnit"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"raisedBy"}},{"kind":"Field","name":{"kind":"Name","value":"raisedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ProblemFieldsFragment, unknown>;
export const CloseOutFiguresFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CloseOutFiguresFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CloseOutFigures"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"plannedInvestment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completedInWindow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"basisCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completedCount"}},{"kind":"Field","name":{"kind":"Name","value":"underConstructionCount"}},{"kind":"Field","name":{"kind":"Name","value":"notStartedCount"}},{"kind":"Field","name":{"kind":"Name","value":"onHoldCount"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledCount"}},{"kind":"Field","name":{"kind":"Name","value":"statusUnknownCount"}},{"kind":"Field","name":{"kind":"Name","value":"carriedIntoLaterPlanCount"}}]}}]} as unknown as DocumentNode<CloseOutFiguresFieldsFragment, unknown>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"projectKeys"}},{"kind":"Field","name":{"kind":"Name","value":"canExport"}},{"kind":"Field","name":{"kind":"Name","value":"canReview"}},{"kind":"Field","name":{"kind":"Name","value":"canWriteAllProjects"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const OverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Overview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"windowFilter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProjectFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectLists"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}},{"kind":"Field","name":{"kind":"Name","value":"declaredTotalInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"declaredFypInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"categories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"byList"},"name":{"kind":"Name","value":"investmentSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"LIST"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Totals"}}]}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"listCode"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Totals"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"byCategory"},"name":{"kind":"Name","value":"investmentSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"LIST"},{"kind":"EnumValue","value":"CATEGORY"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"listCode"}},{"kind":"Field","name":{"kind":"Name","value":"categoryCode"}},{"kind":"Field","name":{"kind":"Name","value":"categoryName"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"Totals"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"planWindow"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"windowFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"windowStart"}},{"kind":"Field","name":{"kind":"Name","value":"windowEnd"}},{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"periodUnknownCount"}},{"kind":"Field","name":{"kind":"Name","value":"years"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"projectsUnderWay"}},{"kind":"Field","name":{"kind":"Name","value":"fypInvestment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unallocated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"projectCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"reconciliation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"listCode"}},{"kind":"Field","name":{"kind":"Name","value":"categoryCode"}},{"kind":"Field","name":{"kind":"Name","value":"declaredCount"}},{"kind":"Field","name":{"kind":"Name","value":"computedCount"}},{"kind":"Field","name":{"kind":"Name","value":"declaredTotalInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"computedTotalInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"unknownTotalInvestmentCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalInvestmentDifference"}},{"kind":"Field","name":{"kind":"Name","value":"declaredFypInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"computedFypInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"unknownFypInvestmentCount"}},{"kind":"Field","name":{"kind":"Name","value":"fypInvestmentDifference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataQuality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"projectKey"}},{"kind":"Field","name":{"kind":"Name","value":"projectName"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Totals"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvestmentGroup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalInvestment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fypInvestment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fypShare"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<OverviewQuery, OverviewQueryVariables>;
export const ListsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Lists"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectLists"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}},{"kind":"Field","name":{"kind":"Name","value":"categories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}}]}}]} as unknown as DocumentNode<ListsQuery, ListsQueryVariables>;
export const ProjectsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Projects"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProjectFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProjectOrder"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startYear"}},{"kind":"Field","name":{"kind":"Name","value":"endYear"}},{"kind":"Field","name":{"kind":"Name","value":"totalInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"fypInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProjectsQuery, ProjectsQueryVariables>;
export const ProjectPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProjectPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"startYear"}},{"kind":"Field","name":{"kind":"Name","value":"endYear"}},{"kind":"Field","name":{"kind":"Name","value":"totalInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"fypInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"fypShare"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"responsibleUnit"}},{"kind":"Field","name":{"kind":"Name","value":"landAreaMu"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"list"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}},{"kind":"Field","name":{"kind":"Name","value":"plan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"windowStart"}},{"kind":"Field","name":{"kind":"Name","value":"windowEnd"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"listings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"totalInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"fypInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"list"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}},{"kind":"Field","name":{"kind":"Name","value":"plan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}},{"kind":"Field","name":{"kind":"Name","value":"windowStart"}},{"kind":"Field","name":{"kind":"Name","value":"windowEnd"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"phases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ordinal"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"startYear"}},{"kind":"Field","name":{"kind":"Name","value":"endYear"}},{"kind":"Field","name":{"kind":"Name","value":"totalInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"fypInvestment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestProgressReport"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reportedOn"}},{"kind":"Field","name":{"kind":"Name","value":"percentComplete"}},{"kind":"Field","name":{"kind":"Name","value":"completedInvestment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progressReports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reportedOn"}},{"kind":"Field","name":{"kind":"Name","value":"percentComplete"}},{"kind":"Field","name":{"kind":"Name","value":"completedInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"reportedBy"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"monthlyReturns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"24"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"revision"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"cumulativeCompletedInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"completedThisMonth"}},{"kind":"Field","name":{"kind":"Name","value":"completedThisYear"}},{"kind":"Field","name":{"kind":"Name","value":"percentComplete"}},{"kind":"Field","name":{"kind":"Name","value":"imageProgress"}},{"kind":"Field","name":{"kind":"Name","value":"isCorrection"}},{"kind":"Field","name":{"kind":"Name","value":"reviewComment"}},{"kind":"Field","name":{"kind":"Name","value":"submittedBy"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"warning"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<ProjectPageQuery, ProjectPageQueryVariables>;
export const ProjectHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProjectHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"oldValue"}},{"kind":"Field","name":{"kind":"Name","value":"newValue"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProjectHistoryQuery, ProjectHistoryQueryVariables>;
export const ChangeStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangeStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeProjectStatusInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeProjectStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"changedFields"}}]}}]}}]}}]} as unknown as DocumentNode<ChangeStatusMutation, ChangeStatusMutationVariables>;
export const SubmitProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitProgressReportInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitProgressReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"changedFields"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitProgressMutation, SubmitProgressMutationVariables>;
export const SubmitMonthlyReturnDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitMonthlyReturn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitMonthlyReturnInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitMonthlyReturn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"monthlyReturn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"changedFields"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitMonthlyReturnMutation, SubmitMonthlyReturnMutationVariables>;
export const ReportingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Reporting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warningCounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"red"},"name":{"kind":"Name","value":"warnings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"level"},"value":{"kind":"EnumValue","value":"RED"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Lagging"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"yellow"},"name":{"kind":"Name","value":"warnings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"level"},"value":{"kind":"EnumValue","value":"YELLOW"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Lagging"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"returnsDue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"filedAt"}},{"kind":"Field","name":{"kind":"Name","value":"responsibleUnit"}},{"kind":"Field","name":{"kind":"Name","value":"reviewStatus"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"reviewQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"SUBMITTED"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"revision"}},{"kind":"Field","name":{"kind":"Name","value":"isCorrection"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"cumulativeCompletedInvestment"}},{"kind":"Field","name":{"kind":"Name","value":"completedThisMonth"}},{"kind":"Field","name":{"kind":"Name","value":"completedThisYear"}},{"kind":"Field","name":{"kind":"Name","value":"percentComplete"}},{"kind":"Field","name":{"kind":"Name","value":"imageProgress"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"submittedBy"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Lagging"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleWarning"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"gapPoints"}},{"kind":"Field","name":{"kind":"Name","value":"monthsMissing"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ReportingQuery, ReportingQueryVariables>;
export const ReviewReturnDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReviewReturn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewMonthlyReturnInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviewMonthlyReturn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"monthlyReturn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"reviewComment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"changedFields"}}]}}]}}]}}]} as unknown as DocumentNode<ReviewReturnMutation, ReviewReturnMutationVariables>;
export const MonthFiguresDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MonthFigures"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportingSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MonthTotals"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MonthTotals"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReportingGroup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"annualPlan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completedThisMonth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completedThisYear"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"expectedToDate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"basisCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scheduleRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"basisCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"started"}},{"kind":"Field","name":{"kind":"Name","value":"plannedToStart"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"filed"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}}]}}]}}]} as unknown as DocumentNode<MonthFiguresQuery, MonthFiguresQueryVariables>;
export const SeriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Series"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportingSeries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"completedToDate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"plannedToDate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}}]}}]}}]} as unknown as DocumentNode<SeriesQuery, SeriesQueryVariables>;
export const RankingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Ranking"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"by"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RankingDimension"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"measure"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RankingMeasure"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"by"},"value":{"kind":"Variable","name":{"kind":"Name","value":"by"}}},{"kind":"Argument","name":{"kind":"Name","value":"measure"},"value":{"kind":"Variable","name":{"kind":"Name","value":"measure"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"basis"}},{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"responsibleUnit"}},{"kind":"Field","name":{"kind":"Name","value":"categoryCode"}},{"kind":"Field","name":{"kind":"Name","value":"listCode"}},{"kind":"Field","name":{"kind":"Name","value":"location"}}]}}]}}]}}]} as unknown as DocumentNode<RankingQuery, RankingQueryVariables>;
export const BulletinPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BulletinPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulletin"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"live"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedBy"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"differences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectKey"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"published"}},{"kind":"Field","name":{"kind":"Name","value":"live"}}]}},{"kind":"Field","name":{"kind":"Name","value":"summary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"lights"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"green"}},{"kind":"Field","name":{"kind":"Name","value":"yellow"}},{"kind":"Field","name":{"kind":"Name","value":"red"}},{"kind":"Field","name":{"kind":"Name","value":"notApplicable"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BulletinPageQuery, BulletinPageQueryVariables>;
export const PublishPeriodDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PublishPeriod"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishPeriodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishPeriod"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulletin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"live"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedBy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<PublishPeriodMutation, PublishPeriodMutationVariables>;
export const OpenProblemsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OpenProblems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"problems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"OPEN"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProblemFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProblemFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Problem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"ownerUnit"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"raisedBy"}},{"kind":"Field","name":{"kind":"Name","value":"raisedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<OpenProblemsQuery, OpenProblemsQueryVariables>;
export const ProjectProblemsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProjectProblems"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProblemFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProblemFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Problem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"ownerUnit"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"raisedBy"}},{"kind":"Field","name":{"kind":"Name","value":"raisedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ProjectProblemsQuery, ProjectProblemsQueryVariables>;
export const RaiseProblemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RaiseProblem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RaiseProblemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"raiseProblem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"problem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"changedFields"}}]}}]}}]}}]} as unknown as DocumentNode<RaiseProblemMutation, RaiseProblemMutationVariables>;
export const ResolveProblemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResolveProblem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResolveProblemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolveProblem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"problem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"changedFields"}}]}}]}}]}}]} as unknown as DocumentNode<ResolveProblemMutation, ResolveProblemMutationVariables>;
export const PlansPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlansPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"plans"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}},{"kind":"Field","name":{"kind":"Name","value":"windowStart"}},{"kind":"Field","name":{"kind":"Name","value":"windowEnd"}},{"kind":"Field","name":{"kind":"Name","value":"lists"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}}]}}]}}]}}]} as unknown as DocumentNode<PlansPageQuery, PlansPageQueryVariables>;
export const PlanCloseOutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlanCloseOut"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"plan"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"planCloseOut"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"planCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"plan"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"windowStart"}},{"kind":"Field","name":{"kind":"Name","value":"windowEnd"}},{"kind":"Field","name":{"kind":"Name","value":"windowClosed"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CloseOutFiguresFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lists"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"list"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CloseOutFiguresFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"categories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CloseOutFiguresFields"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"listings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"carriedInto"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"list"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CloseOutFiguresFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CloseOutFigures"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"plannedInvestment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completedInWindow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"known"}},{"kind":"Field","name":{"kind":"Name","value":"unknownCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completionRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"basisCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completedCount"}},{"kind":"Field","name":{"kind":"Name","value":"underConstructionCount"}},{"kind":"Field","name":{"kind":"Name","value":"notStartedCount"}},{"kind":"Field","name":{"kind":"Name","value":"onHoldCount"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledCount"}},{"kind":"Field","name":{"kind":"Name","value":"statusUnknownCount"}},{"kind":"Field","name":{"kind":"Name","value":"carriedIntoLaterPlanCount"}}]}}]} as unknown as DocumentNode<PlanCloseOutQuery, PlanCloseOutQueryVariables>;