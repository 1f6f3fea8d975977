package dev.warden.core.policy;

/**
 * Docker Scout style health score.
 *
 * @param points  points earned by compliant policies
 * @param maximum points of every enabled policy
 * @param percent {@code points * 100 / maximum}, rounded down; 0 when nothing is enabled
 * @param grade   A (>90), B (71-90), C (51-70), D (31-50), E (11-30), F (<=10)
 */
public record Score(int points, int maximum, int percent, char grade) {}
