import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { StreamingPatternProps } from './pattern-props';
import { PropsValidator } from './validation';

/**
 * What an alarm watches and when it fires. Every alarm states how missing data is treated,
 * because an alarm on a metric that only exists under load must not fire on silence.
 */
export interface AlarmSpec {
  /** A metric from the watched resource's own metric methods, so its dimensions are real. */
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** Says what is wrong and where to look; shown in notifications. */
  readonly description: string;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
}

/**
 * The rows already on each dashboard that must appear once however many patterns add them (a
 * shared stream's row), by the object they describe.
 */
const sharedRowsShown = new WeakMap<cloudwatch.Dashboard, Set<object>>();

interface WidgetRow {
  readonly widgets: cloudwatch.IWidget[];
  /** Rows with the same key appear once on a dashboard. */
  readonly sharedKey?: object;
}

/**
 * Collects the alarms and dashboard widgets of one pattern instance, attaches the user's alarm
 * actions to every alarm, and builds the pattern's dashboard or its section of a shared one.
 */
export class PatternMonitoring {
  private readonly _alarms: cloudwatch.Alarm[] = [];
  private readonly widgetRows: WidgetRow[] = [];

  constructor(private readonly alarmActions: cloudwatch.IAlarmAction[] = []) {}

  /** Every alarm created so far, in creation order. */
  public get alarms(): cloudwatch.Alarm[] {
    return [...this._alarms];
  }

  /** Creates an alarm in `scope` (put it beside the resource it watches) with the alarm actions attached. */
  public addAlarm(scope: Construct, id: string, spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator,
      treatMissingData: spec.treatMissingData,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      datapointsToAlarm: spec.datapointsToAlarm,
      alarmDescription: spec.description,
    });
    if (this.alarmActions.length > 0) {
      alarm.addAlarmAction(...this.alarmActions);
    }
    this._alarms.push(alarm);
    return alarm;
  }

  /** This pattern's alarm actions. */
  public get actions(): cloudwatch.IAlarmAction[] {
    return [...this.alarmActions];
  }

  /**
   * Takes alarms another pattern created for a resource both watch (a shared stream): attaches
   * this pattern's alarm actions the alarms do not have yet (`attached`, updated; the same action
   * objects, such as one `AlarmTopic`'s, are attached once) and lists the alarms with this
   * pattern's own.
   */
  public shareAlarms(alarms: cloudwatch.Alarm[], attached: Set<cloudwatch.IAlarmAction>): void {
    for (const action of this.alarmActions) {
      if (attached.has(action)) continue;
      attached.add(action);
      alarms.forEach((alarm) => alarm.addAlarmAction(action));
    }
    this._alarms.push(...alarms);
  }

  /** Adds one row of widgets to the dashboard. */
  public addWidgetRow(...widgets: cloudwatch.IWidget[]): void {
    if (widgets.length > 0) {
      this.widgetRows.push({ widgets });
    }
  }

  /**
   * Adds a row that describes `key` (a stream several patterns share): on a dashboard shared by
   * those patterns it appears once, in the section of the first.
   */
  public addSharedWidgetRow(key: object, ...widgets: cloudwatch.IWidget[]): void {
    if (widgets.length > 0) {
      this.widgetRows.push({ widgets, sharedKey: key });
    }
  }

  /**
   * The pattern's dashboard: `props.dashboard` with the pattern's section added, a new dashboard
   * (`id` in `scope`, its name left to CloudFormation so that two instances never collide), or
   * none with `createDashboard: false`.
   */
  public dashboardFor(
    scope: Construct,
    id: string,
    validator: PropsValidator,
    props: Pick<StreamingPatternProps, 'dashboard' | 'createDashboard'>,
    title: string,
  ): cloudwatch.Dashboard | undefined {
    checkDashboardProps(scope, validator, props);
    if (props.dashboard) {
      this.renderSection(props.dashboard, `## ${title}`);
      return props.dashboard;
    }
    if (props.createDashboard === false) {
      return undefined;
    }
    const dashboard = new cloudwatch.Dashboard(scope, id, { defaultInterval: Duration.hours(3) });
    this.renderSection(dashboard, `# ${title}`);
    return dashboard;
  }

  /** A dashboard of the pattern's own (for building blocks outside a pattern's props). */
  public createDashboard(scope: Construct, id: string, title: string): cloudwatch.Dashboard {
    return this.dashboardFor(scope, id, new PropsValidator(scope), {}, title)!;
  }

  /** The pattern's section: its title, an alarm status row, then the widget rows in order. */
  private renderSection(dashboard: cloudwatch.Dashboard, heading: string): void {
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: heading, width: 24, height: 1 }));
    if (this._alarms.length > 0) {
      dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: this._alarms,
        width: 24,
      }));
    }
    const shown = sharedRowsShown.get(dashboard) ?? new Set<object>();
    sharedRowsShown.set(dashboard, shown);
    for (const row of this.widgetRows) {
      if (row.sharedKey !== undefined) {
        if (shown.has(row.sharedKey)) continue;
        shown.add(row.sharedKey);
      }
      dashboard.addWidgets(...row.widgets);
    }
  }
}

/**
 * `dashboard` replaces the pattern's own dashboard, so it goes without `createDashboard`; and it
 * is in the pattern's stack, or the pattern's alarms and metrics become cross-stack exports that
 * block later changes to the pattern (or, across environments, cannot be referenced at all).
 */
export function checkDashboardProps(scope: Construct, validator: PropsValidator, props: Pick<StreamingPatternProps, 'dashboard' | 'createDashboard'>): void {
  validator.onlyWith('dashboard', props.dashboard, props.createDashboard === undefined,
    `when createDashboard is not set (got createDashboard ${props.createDashboard}): the pattern adds its section to dashboard instead of making its own`);
  if (props.dashboard) {
    const dashboardStack = Stack.of(props.dashboard);
    validator.check(dashboardStack === Stack.of(scope), `dashboard must be in the pattern's stack ${Stack.of(scope).node.path} (got a dashboard in `
      + `${dashboardStack.node.path}): the alarms and metrics of its section would become cross-stack references.`);
  }
}

/** A graph widget of one or more metrics, the shape every pattern dashboard uses. */
export function graph(title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
}
