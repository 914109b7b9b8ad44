import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

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
 * Collects the alarms and dashboard widgets of one pattern instance, attaches the user's alarm
 * actions to every alarm, and builds the pattern's dashboard.
 */
export class PatternMonitoring {
  private readonly _alarms: cloudwatch.Alarm[] = [];
  private readonly widgetRows: cloudwatch.IWidget[][] = [];

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

  /** Adds one row of widgets to the dashboard. */
  public addWidgetRow(...widgets: cloudwatch.IWidget[]): void {
    if (widgets.length > 0) {
      this.widgetRows.push(widgets);
    }
  }

  /**
   * Creates the dashboard: an alarm status row first, then the widget rows in order.
   * The dashboard name is left to CloudFormation so that two instances never collide.
   */
  public createDashboard(scope: Construct, id: string, title: string): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(scope, id, {
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `# ${title}`, width: 24, height: 1 }));
    if (this._alarms.length > 0) {
      dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: this._alarms,
        width: 24,
      }));
    }
    for (const row of this.widgetRows) {
      dashboard.addWidgets(...row);
    }
    return dashboard;
  }
}

/** A graph widget of one or more metrics, the shape every pattern dashboard uses. */
export function graph(title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
}
