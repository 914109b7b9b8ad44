package io.github.streamingdatapatterns.flinkapp.kinesis;

import io.github.streamingdatapatterns.flinkapp.AppConfig;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kinesis data stream's ARN and the stream name it ends with. */
public final class StreamArn implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Pattern FORMAT =
      Pattern.compile("arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/([a-zA-Z0-9_.-]{1,128})");

  public final String arn;
  public final String name;

  private StreamArn(String arn, String name) {
    this.arn = arn;
    this.name = name;
  }

  /** @throws IllegalArgumentException naming the runtime property when {@code arn} is not a stream ARN */
  public static StreamArn parse(String arn) {
    Matcher m = FORMAT.matcher(arn);
    if (!m.matches()) {
      throw new IllegalArgumentException(AppConfig.PATTERN_GROUP + ".InputStreamArn must be a Kinesis stream ARN"
          + " such as arn:aws:kinesis:eu-west-1:123456789012:stream/name (got '" + arn + "').");
    }
    return new StreamArn(arn, m.group(1));
  }

  @Override
  public String toString() {
    return arn;
  }
}
