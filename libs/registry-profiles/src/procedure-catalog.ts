/**
 * Which result documents a procedure asks for, so prefill can offer the applicant's registered
 * results in their place. Codes are the `code` of case.result-issued documents (e.g. `KQ-KS`, a
 * birth certificate issued by procedure 1.001193). A small, illustrative catalog for Hanoi's
 * most reused civil-status and business results; extend it here (one line per procedure).
 */
export const PROCEDURE_REQUIRED_DOCUMENTS: Readonly<Record<string, readonly string[]>> = {
  /** Đăng ký khai sinh (birth registration): nothing reusable; it issues KQ-KS. */
  '1.001193': [],
  /** Đăng ký thường trú (permanent residence): birth certificate, marital status. */
  '1.004194': ['KQ-KS', 'KQ-XNHN'],
  /** Đăng ký kết hôn (marriage registration): marital status confirmation. */
  '1.000894': ['KQ-XNHN'],
  /** Cấp phiếu lý lịch tư pháp (criminal record certificate): birth certificate. */
  '2.000488': ['KQ-KS'],
  /** Đăng ký thay đổi nội dung đăng ký doanh nghiệp: registration certificate. */
  '1.005092': ['KQ-GCNDKDN'],
};

export function requiredDocumentsOf(procedureCode: string): readonly string[] | undefined {
  return PROCEDURE_REQUIRED_DOCUMENTS[procedureCode];
}
