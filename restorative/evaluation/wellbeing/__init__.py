"""The staff wellbeing survey (§6.4, §6.5, §8): rounds, answers kept apart from who gave them,
results under the anonymity rule (`evaluation.anonymity`), and training evaluated by those who
took it (§6.1). Pure parts: `items`, `scoring`; the rest follows the app's layers."""
