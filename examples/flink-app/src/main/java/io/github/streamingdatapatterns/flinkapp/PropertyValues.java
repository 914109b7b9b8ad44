package io.github.streamingdatapatterns.flinkapp;

import java.util.Properties;

/** Reading runtime property values, with errors that name the group, the key and the allowed values. */
public final class PropertyValues {
  private PropertyValues() {
  }

  /**
   * The whole number under {@code key}, or {@code defaultValue} when the key is absent.
   *
   * @param unit words between "a whole number" and "from", such as {@code "of seconds "}, or empty
   * @throws IllegalArgumentException when the value is not a whole number from {@code min} to {@code max}
   */
  public static long wholeNumber(Properties group, String groupName, String key, long defaultValue, long min,
      long max, String unit) {
    String value = group.getProperty(key);
    if (value == null) {
      return defaultValue;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      parsed = Long.MIN_VALUE;
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(groupName + "." + key + " must be a whole number " + unit + "from " + min
          + " to " + max + " (got '" + value + "').");
    }
    return parsed;
  }
}
