package dev.vigil.boot.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what Spring Boot binds into a {@code Map<String, Object>} back into the structure of a
 * rule file, so that the rule file readers check properties exactly as they check files.
 *
 * <p>Spring gives lists as maps keyed {@code 0, 1, …}, keeps each key as written ({@code
 * group-by} or {@code groupBy}) and splits keys with dots into nested maps. So: maps keyed by
 * consecutive indexes become lists; field names in kebab case become camel case ({@code
 * keep-firing-for} → {@code keepFiringFor}); inside label maps (such as {@code where}, {@code
 * labels}) keys are kept and nested maps are joined back with dots ({@code labels.a.b}); a
 * comma-separated string of a list field ({@code group-by: platform,region}) is split. Problems
 * found by the readers name camel-case fields; {@link #propertyPath} turns them back into
 * property names. Stateless.
 */
public final class PropertyDocuments {

  private PropertyDocuments() {}

  /**
   * Returns the bound {@code value} in rule-file form.
   *
   * @param labelMaps the fields whose value is a map of labels (keys kept, never renamed)
   * @param listFields the fields whose value may be a comma-separated string of items
   */
  public static Object normalize(Object value, Set<String> labelMaps, Set<String> listFields) {
    if (value instanceof Map<?, ?> map) {
      List<Object> list = asList(map);
      if (list != null) {
        List<Object> out = new ArrayList<>(list.size());
        for (Object item : list) {
          out.add(normalize(item, labelMaps, listFields));
        }
        return out;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = camel(String.valueOf(e.getKey()));
        Object v = e.getValue();
        if (labelMaps.contains(key) && v instanceof Map<?, ?> labels && asList(labels) == null) {
          Map<String, Object> flat = new LinkedHashMap<>();
          flatten("", labels, flat);
          out.put(key, flat);
        } else if (listFields.contains(key) && v instanceof String s && s.indexOf(',') >= 0) {
          List<Object> items = new ArrayList<>();
          for (String item : s.split(",", -1)) {
            items.add(item.strip());
          }
          out.put(key, items);
        } else {
          out.put(key, normalize(v, labelMaps, listFields));
        }
      }
      return out;
    }
    return value;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> into) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested && asList(nested) == null) {
        flatten(key + ".", nested, into);
      } else {
        into.put(key, e.getValue());
      }
    }
  }

  /** Returns the values of a map keyed 0, 1, … n-1 in order, or {@code null} for another map. */
  private static List<Object> asList(Map<?, ?> map) {
    if (map.isEmpty()) {
      return null;
    }
    TreeMap<Integer, Object> byIndex = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.isEmpty() || key.length() > 6 || !key.chars().allMatch(Character::isDigit)
          || key.length() > 1 && key.charAt(0) == '0') {
        return null;
      }
      byIndex.put(Integer.parseInt(key), e.getValue());
    }
    if (byIndex.lastKey() != map.size() - 1) {
      return null;
    }
    return new ArrayList<>(byIndex.values());
  }

  /** Returns {@code keep-firing-for} as {@code keepFiringFor}; other names unchanged. */
  public static String camel(String name) {
    if (name.indexOf('-') < 0) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '-' && sb.length() > 0) {
        upper = true;
      } else if (c != '-') {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  /** Returns {@code keepFiringFor} as {@code keep-firing-for}. */
  public static String kebab(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        sb.append('-').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Returns the property of a reader's field path, such as {@code threshold.lastSamples} under
   * {@code vigil.alerts.rules[0]}: {@code vigil.alerts.rules[0].threshold.last-samples}. Field
   * names are written in kebab case, label names as they are (in brackets when they hold a dot);
   * a pseudo field in parentheses, such as {@code (rule)}, names the entry itself.
   */
  public static String propertyPath(String entry, String field, Set<String> labelMaps) {
    if (field == null || field.isEmpty() || field.startsWith("(")) {
      return entry;
    }
    StringBuilder sb = new StringBuilder(entry);
    String[] parts = field.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i > 0 && labelMaps.contains(parts[i - 1])) {
        String label = String.join(".", Arrays.copyOfRange(parts, i, parts.length));
        sb.append(label.indexOf('.') >= 0 ? "[" + label + "]" : "." + label);
        break;
      }
      sb.append('.').append(kebab(part));
    }
    return sb.toString();
  }
}
