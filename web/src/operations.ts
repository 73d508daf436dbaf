// Every operation the dashboard sends. graphql-codegen types each one against schema.graphql
// (`npm run codegen`), so a field the published schema lacks is a build error, not a blank cell.
import { graphql } from './gql';

export const MeQuery = graphql(`
  query Me {
    me {
      name
      role
      projectKeys
      canExport
      canReview
      canWriteAllProjects
    }
  }
`);

export const OverviewQuery = graphql(`
  query Overview($windowFilter: ProjectFilter) {
    projectLists {
      id
      code
      title
      titleEn
      declaredTotalInvestment
      declaredFypInvestment
      categories {
        id
        code
        name
        nameEn
      }
    }
    byList: investmentSummary(groupBy: [LIST]) {
      total {
        ...Totals
      }
      groups {
        key {
          listCode
        }
        ...Totals
      }
    }
    byCategory: investmentSummary(groupBy: [LIST, CATEGORY]) {
      groups {
        key {
          listCode
          categoryCode
          categoryName
        }
        ...Totals
      }
    }
    planWindow(filter: $windowFilter) {
      windowStart
      windowEnd
      projectCount
      periodUnknownCount
      years {
        year
        projectsUnderWay
        fypInvestment
      }
      unallocated {
        amount
        projectCount
      }
    }
    reconciliation {
      listCode
      categoryCode
      declaredCount
      computedCount
      declaredTotalInvestment
      computedTotalInvestment
      unknownTotalInvestmentCount
      totalInvestmentDifference
      declaredFypInvestment
      computedFypInvestment
      unknownFypInvestmentCount
      fypInvestmentDifference
      status
    }
    dataQuality {
      rule
      severity
      projectKey
      projectName
      message
    }
  }

  fragment Totals on InvestmentGroup {
    projectCount
    totalInvestment {
      known
      unknownCount
    }
    fypInvestment {
      known
      unknownCount
    }
    fypShare {
      value
    }
  }
`);

export const ListsQuery = graphql(`
  query Lists {
    projectLists {
      id
      code
      title
      titleEn
      categories {
        id
        code
        name
        nameEn
      }
    }
  }
`);

export const ProjectsQuery = graphql(`
  query Projects(
    $filter: ProjectFilter
    $orderBy: [ProjectOrder!]
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    projects(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      nodes {
        id
        key
        name
        status
        startYear
        endYear
        totalInvestment
        fypInvestment
        category {
          id
          name
          nameEn
        }
      }
    }
  }
`);

export const ProjectQuery = graphql(`
  query ProjectPage($key: String!, $period: String!) {
    project(key: $key) {
      id
      key
      name
      scope
      status
      version
      startYear
      endYear
      totalInvestment
      fypInvestment
      fypShare
      location
      responsibleUnit
      landAreaMu
      updatedAt
      list {
        id
        code
        title
        titleEn
        plan {
          id
          code
          windowStart
          windowEnd
        }
      }
      category {
        id
        code
        name
        nameEn
      }
      listings {
        id
        key
        totalInvestment
        fypInvestment
        list {
          id
          code
          title
          titleEn
          plan {
            id
            code
            title
            titleEn
            windowStart
            windowEnd
          }
        }
      }
      phases {
        id
        ordinal
        name
        scope
        startYear
        endYear
        totalInvestment
        fypInvestment
      }
      latestProgressReport {
        id
        reportedOn
        percentComplete
        completedInvestment
      }
      progressReports(first: 20) {
        nodes {
          id
          reportedOn
          percentComplete
          completedInvestment
          status
          note
          reportedBy
        }
      }
      monthlyReturns(first: 24) {
        nodes {
          id
          period
          revision
          status
          cumulativeCompletedInvestment
          completedThisMonth
          completedThisYear
          percentComplete
          imageProgress
          isCorrection
          reviewComment
          submittedBy
        }
      }
      warning(period: $period) {
        level
        reason
      }
    }
  }
`);

export const ProjectHistoryQuery = graphql(`
  query ProjectHistory($key: String!, $after: String) {
    project(key: $key) {
      id
      history(first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            at
            actor
            entityType
            field
            oldValue
            newValue
            version
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const ChangeStatusMutation = graphql(`
  mutation ChangeStatus($input: ChangeProjectStatusInput!) {
    changeProjectStatus(input: $input) {
      project {
        id
        version
        status
        updatedAt
      }
      userErrors {
        field
        message
        code
        currentVersion
        changedFields
      }
    }
  }
`);

export const ProgressReportMutation = graphql(`
  mutation SubmitProgress($input: SubmitProgressReportInput!) {
    submitProgressReport(input: $input) {
      project {
        id
        version
        status
      }
      userErrors {
        field
        message
        code
        currentVersion
        changedFields
      }
    }
  }
`);

export const MonthlyReturnMutation = graphql(`
  mutation SubmitMonthlyReturn($input: SubmitMonthlyReturnInput!) {
    submitMonthlyReturn(input: $input) {
      project {
        id
        version
      }
      monthlyReturn {
        id
        period
        status
      }
      userErrors {
        field
        message
        code
        currentVersion
        changedFields
      }
    }
  }
`);

export const ReportingQuery = graphql(`
  query Reporting($period: String!) {
    warningCounts(period: $period) {
      level
      count
    }
    red: warnings(period: $period, level: RED, first: 100) {
      nodes {
        ...Lagging
      }
    }
    yellow: warnings(period: $period, level: YELLOW, first: 100) {
      nodes {
        ...Lagging
      }
    }
    returnsDue(period: $period, first: 100) {
      nodes {
        status
        dueOn
        filedAt
        responsibleUnit
        reviewStatus
        project {
          id
          key
          name
        }
      }
    }
    reviewQueue(period: $period, status: SUBMITTED, first: 100) {
      nodes {
        id
        version
        period
        revision
        isCorrection
        note
        cumulativeCompletedInvestment
        completedThisMonth
        completedThisYear
        percentComplete
        imageProgress
        problems
        submittedBy
        submittedAt
        project {
          id
          key
          name
        }
      }
    }
  }

  fragment Lagging on ScheduleWarning {
    level
    reason
    gapPoints
    monthsMissing
    project {
      id
      key
      name
    }
  }
`);

export const ReviewMutation = graphql(`
  mutation ReviewReturn($input: ReviewMonthlyReturnInput!) {
    reviewMonthlyReturn(input: $input) {
      monthlyReturn {
        id
        status
        version
        reviewComment
      }
      userErrors {
        field
        message
        code
        currentVersion
        changedFields
      }
    }
  }
`);

export const MonthFiguresQuery = graphql(`
  query MonthFigures($period: String!) {
    reportingSummary(period: $period) {
      period
      total {
        ...MonthTotals
      }
    }
  }

  fragment MonthTotals on ReportingGroup {
    projectCount
    annualPlan {
      known
      unknownCount
    }
    completedThisMonth {
      known
      unknownCount
    }
    completedThisYear {
      known
      unknownCount
    }
    expectedToDate {
      known
      unknownCount
    }
    completionRate {
      value
      basisCount
    }
    scheduleRate {
      value
      basisCount
    }
    startRate {
      value
      started
      plannedToStart
    }
    returns {
      filed
      late
      missing
      pending
    }
    problems {
      open
      overdue
    }
  }
`);

export const SeriesQuery = graphql(`
  query Series($year: Int!) {
    reportingSeries(year: $year) {
      period
      completedToDate {
        known
        unknownCount
      }
      plannedToDate {
        known
        unknownCount
      }
    }
  }
`);

export const RankingQuery = graphql(`
  query Ranking($period: String!, $by: RankingDimension!, $measure: RankingMeasure!) {
    ranking(period: $period, by: $by, measure: $measure) {
      rank
      value
      basis
      key {
        responsibleUnit
        categoryCode
        listCode
        location
      }
    }
  }
`);

export const BulletinQuery = graphql(`
  query BulletinPage($period: String!) {
    bulletin(period: $period) {
      period
      live
      publishedAt
      publishedBy
      note
      differences {
        projectKey
        field
        published
        live
      }
      summary {
        total {
          projectCount
          lights {
            green
            yellow
            red
            notApplicable
          }
        }
      }
    }
  }
`);

export const PublishMutation = graphql(`
  mutation PublishPeriod($input: PublishPeriodInput!) {
    publishPeriod(input: $input) {
      bulletin {
        period
        live
        publishedAt
        publishedBy
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const OpenProblemsQuery = graphql(`
  query OpenProblems {
    problems(status: OPEN, first: 100) {
      nodes {
        ...ProblemFields
      }
    }
  }

  fragment ProblemFields on Problem {
    id
    version
    kind
    description
    ownerUnit
    dueOn
    overdue
    status
    raisedBy
    raisedAt
    resolution
    project {
      id
      key
      name
    }
  }
`);

export const ProjectProblemsQuery = graphql(`
  query ProjectProblems($key: String!) {
    project(key: $key) {
      id
      problems {
        ...ProblemFields
      }
    }
  }
`);

export const RaiseProblemMutation = graphql(`
  mutation RaiseProblem($input: RaiseProblemInput!) {
    raiseProblem(input: $input) {
      problem {
        id
        version
        status
      }
      userErrors {
        field
        message
        code
        currentVersion
        changedFields
      }
    }
  }
`);

export const ResolveProblemMutation = graphql(`
  mutation ResolveProblem($input: ResolveProblemInput!) {
    resolveProblem(input: $input) {
      problem {
        id
        version
        status
        resolution
      }
      userErrors {
        field
        message
        code
        currentVersion
        changedFields
      }
    }
  }
`);

export const PlansQuery = graphql(`
  query PlansPage {
    plans {
      id
      code
      title
      titleEn
      windowStart
      windowEnd
      lists {
        id
        code
        title
        titleEn
      }
    }
  }
`);

export const CloseOutFiguresFragment = graphql(`
  fragment CloseOutFiguresFields on CloseOutFigures {
    projectCount
    plannedInvestment {
      known
      unknownCount
    }
    completedInWindow {
      known
      unknownCount
    }
    completionRate {
      value
      basisCount
    }
    completedCount
    underConstructionCount
    notStartedCount
    onHoldCount
    cancelledCount
    statusUnknownCount
    carriedIntoLaterPlanCount
  }
`);

export const PlanCloseOutQuery = graphql(`
  query PlanCloseOut($plan: String!) {
    planCloseOut(planCode: $plan) {
      windowStart
      windowEnd
      windowClosed
      at
      total {
        ...CloseOutFiguresFields
      }
      lists {
        list {
          id
          code
          title
          titleEn
        }
        figures {
          ...CloseOutFiguresFields
        }
        categories {
          category {
            id
            code
            name
            nameEn
          }
          figures {
            ...CloseOutFiguresFields
          }
        }
      }
      listings {
        key
        project {
          id
          name
        }
        carriedInto {
          id
          key
          list {
            id
            code
            title
            titleEn
          }
        }
      }
    }
  }
`);
