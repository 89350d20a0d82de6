
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    import {str} from '@lit/localize';

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      'field.ime-hint': `输入了全角字符。请关闭输入法，使用半角英文字母和数字输入。`,
'field.required-badge': `（必填）`,
'language-picker.label': `LANG（语言）`,
'support-contacts.call-center-topic': `关于支付方式或系统运行（无法登录、收不到邮件等）的咨询`,
'support-contacts.chat': `在线聊天支持`,
'support-contacts.chat-link': `打开在线聊天支持（新标签页）`,
'support-contacts.email': `电子邮件`,
'support-contacts.error': `无法加载联系方式。`,
'support-contacts.heading': `联系方式`,
'support-contacts.hours': `受理时间`,
'support-contacts.loading': `正在加载联系方式…`,
'support-contacts.phone': `电话`,
'support-contacts.retry': `重新加载`,
'support-contacts.student-support-topic': `关于申请内容及能否发行等的咨询`,
'validation.email': `请输入有效的电子邮件地址。`,
'validation.matches': `两次输入的内容不一致。`,
'validation.max-length': str`请输入不超过${0}个字符。`,
'validation.required': `请填写此项。`,
    };
  