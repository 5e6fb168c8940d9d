//! The words demo organizations and people are made of: 字号, fields of
//! work, organization forms, surnames, given names, streets and units.

use rand::rngs::StdRng;
use rand::Rng;

pub(super) const ZIHAO: [&str; 48] = [
    "阳光",
    "春雨",
    "启明",
    "鹏程",
    "和谐",
    "仁爱",
    "博雅",
    "海滨",
    "红树林",
    "南岭",
    "彩虹",
    "晨曦",
    "明德",
    "致远",
    "同心",
    "惠民",
    "安康",
    "长青",
    "星光",
    "蓝天",
    "绿洲",
    "向日葵",
    "木棉",
    "凤凰",
    "青松",
    "翠竹",
    "金桥",
    "银杏",
    "梧桐",
    "兰亭",
    "卓越",
    "信达",
    "恒心",
    "德馨",
    "励志",
    "求真",
    "知行",
    "守望",
    "益友",
    "乐活",
    "善源",
    "立人",
    "弘毅",
    "百川",
    "朝阳",
    "春晖",
    "常青藤",
    "海燕",
];
pub(super) const FIELDS: [&str; 32] = [
    "教育",
    "慈善",
    "青少年发展",
    "养老服务",
    "环境保护",
    "摄影",
    "书法",
    "围棋",
    "足球",
    "医疗救助",
    "科技创新",
    "法律援助",
    "心理健康",
    "志愿服务",
    "助残",
    "社区发展",
    "文化传承",
    "体育健身",
    "妇女儿童",
    "乡村振兴",
    "应急救援",
    "互联网",
    "物流",
    "餐饮",
    "律师",
    "注册会计师",
    "中医药",
    "非遗保护",
    "读书",
    "旅游",
    "家政服务",
    "电子商务",
];
pub(super) const GROUP_FORMS: [&str; 6] = ["协会", "研究会", "促进会", "联合会", "学会", "商会"];
pub(super) const SERVICE_FORMS: [&str; 5] = ["服务中心", "社工服务社", "培训学校", "研究院", "康复中心"];
pub(super) const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
pub(super) const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏飞宇晨浩然欣怡子涵梓轩思源佳琪雨婷俊杰志强海燕春梅";
pub(super) const STREETS: [&str; 16] = [
    "深南大道",
    "滨海大道",
    "科技园路",
    "华强北路",
    "梅林路",
    "香蜜湖路",
    "布吉路",
    "龙华大道",
    "民治大道",
    "宝安大道",
    "新安路",
    "盐田路",
    "坪山大道",
    "光明大道",
    "葵涌路",
    "东门路",
];
pub(super) const UNITS: [&str; 7] = [
    "市教育局",
    "市卫生健康委员会",
    "市文化广电旅游体育局",
    "市科技创新局",
    "市人力资源和社会保障局",
    "市商务局",
    "市司法局",
];

pub(super) fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

pub(super) fn pick_char(rng: &mut StdRng, chars: &str) -> char {
    let v: Vec<char> = chars.chars().collect();
    v[rng.gen_range(0..v.len())]
}

pub fn person(rng: &mut StdRng) -> String {
    let mut s = String::new();
    s.push(pick_char(rng, SURNAMES));
    s.push(pick_char(rng, GIVEN));
    if rng.gen_bool(0.6) {
        s.push(pick_char(rng, GIVEN));
    }
    s
}
