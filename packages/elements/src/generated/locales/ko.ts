
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    import {str} from '@lit/localize';

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      'field.ime-hint': `전각 문자가 입력되었습니다. IME를 끄고 반각 영문자와 숫자로 입력해 주세요.`,
'field.required-badge': ` (필수)`,
'language-picker.label': `LANG (언어)`,
'support-contacts.call-center-topic': `결제 방법이나 시스템 동작(로그인할 수 없음, 메일이 오지 않음 등)에 관한 문의`,
'support-contacts.chat': `채팅 지원`,
'support-contacts.chat-link': `채팅 지원 열기 (새 탭)`,
'support-contacts.email': `이메일`,
'support-contacts.error': `문의처를 불러오지 못했습니다.`,
'support-contacts.heading': `문의처`,
'support-contacts.hours': `접수 시간`,
'support-contacts.loading': `문의처를 불러오는 중…`,
'support-contacts.phone': `전화`,
'support-contacts.retry': `다시 불러오기`,
'support-contacts.student-support-topic': `각종 신청 내용 및 발급 가능 여부 등에 관한 문의`,
'validation.email': `이메일 주소 형식으로 입력해 주세요.`,
'validation.matches': `입력한 내용이 일치하지 않습니다.`,
'validation.max-length': str`${0}자 이내로 입력해 주세요.`,
'validation.required': `이 항목을 입력해 주세요.`,
    };
  